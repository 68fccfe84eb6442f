from freezegun import freeze_time

from .common import ComplaintCase


class TestDisplayName(ComplaintCase):
    """The breadcrumb of a ticket: its number and title, nothing of what it does not have yet."""

    def _new_display_name(self, context):
        # what the web client asks when it opens the form of a new record
        Ticket = self.env["helpdesk.ticket"].with_user(self.officer).with_context(**context)
        spec = {"display_name": {}, "number": {}, "name": {}}
        result = Ticket.onchange({}, [], spec)
        return result["value"].get("display_name")

    def test_a_new_complaint_reads_new_in_the_breadcrumb_not_slash_false(self):
        for context in ({"default_is_complaint": True}, {}):
            with self.subTest(context=context):
                name = self._new_display_name(context)
                # empty: the form shows "New"
                self.assertFalse(name)
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(
            Ticket.new({"name": "Lift out of order"}).display_name, "Lift out of order"
        )

    def test_a_saved_complaint_reads_number_and_title(self):
        category = self.env.ref("complaint_management.cat_service_delay")
        with freeze_time("2027-01-04 02:00:00"):
            tickets = self.env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Lift out of order {i}",
                        "description": "<p>x</p>",
                        "is_complaint": True,
                        "category_id": category.id,
                        "partner_name": f"Person {i}",
                    }
                    for i in range(2)
                ]
            )
        for i, ticket in enumerate(tickets):
            self.assertNotEqual(ticket.number, "/")
            self.assertEqual(ticket.display_name, f"{ticket.number} - Lift out of order {i}")
