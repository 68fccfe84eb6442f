"""The complaint form, list, search, kanban and pivot are primary views inheriting helpdesk_mgmt's
ticket views (helpdesk_mgmt has no graph, calendar or activity view: ours are standalone).

What another helpdesk addon adds to helpdesk's ticket views shows on complaints too, while
helpdesk's contact fields stay hidden there: a complaint's identity is on its complainant.
"""

from lxml import etree

from odoo.tests import new_test_user

from .common import ComplaintCase

COMPLAINT_VIEWS = {
    "form": ("helpdesk_ticket_view_form_complaint", "helpdesk_mgmt.ticket_view_form"),
    "list": ("helpdesk_ticket_view_list_complaint", "helpdesk_mgmt.ticket_view_tree"),
    "search": (
        "helpdesk_ticket_view_search_complaint",
        "helpdesk_mgmt.helpdesk_ticket_view_search",
    ),
    "kanban": (
        "helpdesk_ticket_view_kanban_complaint",
        "helpdesk_mgmt.view_helpdesk_ticket_kanban",
    ),
    "pivot": ("helpdesk_ticket_view_pivot_complaint", "helpdesk_mgmt.helpdesk_ticket_views_pivot"),
}
STANDALONE_VIEWS = {
    "graph": "helpdesk_ticket_view_graph_complaint",
    "calendar": "helpdesk_ticket_view_calendar_complaint",
    "activity": "helpdesk_ticket_view_activity_complaint",
}
HELPDESK_CONTACT_FIELDS = ("partner_id", "partner_name", "partner_email", "commercial_partner_id")


class TestComplaintViews(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Views lead unit", "user_ids": [(4, cls.handler.id)]}
        )
        cls.complaints = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Lift out of order {i}",
                    "description": "<p>x</p>",
                    "is_complaint": True,
                    "category_id": cls.env.ref("complaint_management.cat_service_delay").id,
                    "team_id": cls.team.id,
                    "partner_name": f"Views complainant {i}",
                    "partner_email": f"views{i}@example.com",
                }
                for i in range(2)
            ]
        )

    def _arch(self, view_type, user=None):
        view = self.env.ref(f"complaint_management.{COMPLAINT_VIEWS[view_type][0]}")
        model = self.env["helpdesk.ticket"].with_user(user or self.env.user)
        result = model.get_views([(view.id, view_type)])
        return etree.fromstring(result["views"][view_type]["arch"]), result

    def _ancestors(self, view):
        ancestors = self.env["ir.ui.view"]
        while view.inherit_id:
            view = view.inherit_id
            ancestors |= view
        return ancestors

    def test_complaint_views_are_primary_views_of_helpdesk_ones(self):
        for view_type, (xmlid, parent) in COMPLAINT_VIEWS.items():
            view = self.env.ref(f"complaint_management.{xmlid}")
            self.assertEqual(view.mode, "primary", view_type)
            self.assertEqual(view.type, view_type)
            self.assertIn(self.env.ref(parent), self._ancestors(view), view_type)
        # the standalone ones have no helpdesk_mgmt view to inherit: when it ships one, inherit it
        helpdesk_views = self.env["ir.model.data"].search(
            [("module", "=", "helpdesk_mgmt"), ("model", "=", "ir.ui.view")]
        )
        helpdesk_types = set(
            self.env["ir.ui.view"]
            .browse(helpdesk_views.mapped("res_id"))
            .filtered(lambda v: v.model == "helpdesk.ticket")
            .mapped("type")
        )
        self.assertLessEqual(set(COMPLAINT_VIEWS), helpdesk_types)
        for view_type, xmlid in STANDALONE_VIEWS.items():
            self.assertNotIn(view_type, helpdesk_types)
            view = self.env.ref(f"complaint_management.{xmlid}")
            self.assertEqual(
                (view.type, view.mode, view.inherit_id.id), (view_type, "primary", False)
            )
        # helpdesk's own views stay the default ones of helpdesk tickets
        for view_type, (_xmlid, parent) in COMPLAINT_VIEWS.items():
            default = self.env["ir.ui.view"].default_view("helpdesk.ticket", view_type)
            self.assertEqual(default, self.env.ref(parent).id, view_type)
        # helpdesk's Reporting action (pivot, graph) does not open the complaint graph
        default_graph = self.env["ir.ui.view"].browse(
            self.env["ir.ui.view"].default_view("helpdesk.ticket", "graph")
        )
        self.assertEqual(
            default_graph, self.env.ref("complaint_management.helpdesk_ticket_view_graph")
        )
        self.assertNotIn("complaint_received_date", default_graph.arch)

    def test_what_a_helpdesk_addon_adds_to_helpdesk_views_shows_on_complaints(self):
        # what a neighbour addon adds to each of helpdesk's ticket views
        # (the kanban's like helpdesk_type's type under the number, helpdesk_mgmt_sla's deadline)
        archs = {
            "form": """<data>
                        <field name="team_id" position="before">
                            <field name="write_uid" string="Neighbour field" />
                        </field>
                        <field name="team_id" position="attributes">
                            <attribute name="domain">[('id', '=', 0)]</attribute>
                        </field>
                        <xpath expr="//header/button[@name='assign_to_me']" position="after">
                            <button name="action_archive" type="object" string="Neighbour" />
                        </xpath>
                        <notebook position="inside">
                            <page string="Neighbour page" name="neighbour_page" />
                        </notebook>
                    </data>""",
            "list": """<field name="tag_ids" position="before">
                        <field name="write_uid" string="Neighbour column" optional="show" />
                    </field>""",
            "kanban": """<data>
                        <xpath expr="//kanban" position="inside">
                            <field name="write_date" />
                        </xpath>
                        <xpath expr="//t[@t-name='card']//field[@name='number']" position="after">
                            <small class="neighbour_type"><field name="write_uid" /></small>
                        </xpath>
                        <xpath expr="//field[@name='activity_ids']" position="after">
                            <div class="neighbour_deadline"><field name="write_date" /></div>
                        </xpath>
                    </data>""",
            "pivot": """<field name="team_id" position="after">
                        <field name="color" type="measure" />
                    </field>""",
            "search": """<group position="before">
                        <filter name="neighbour_filter" string="Neighbour" domain="[]" />
                    </group>""",
        }
        self.env["ir.ui.view"].create(
            [
                {
                    "name": f"neighbour addon: ticket {view_type}",
                    "model": "helpdesk.ticket",
                    "inherit_id": self.env.ref(COMPLAINT_VIEWS[view_type][1]).id,
                    "arch": arch,
                }
                for view_type, arch in archs.items()
            ]
        )
        form, _result = self._arch("form")
        field = form.xpath("//sheet//field[@name='write_uid']")
        self.assertEqual(len(field), 1, "the neighbour's field is on the complaint form")
        self.assertNotIn(field[0].get("invisible"), ("1", "True"))
        self.assertTrue(form.xpath("//header/button[@string='Neighbour']"))
        self.assertTrue(form.xpath("//notebook/page[@name='neighbour_page']"))
        # helpdesk's team field it was placed by moved to our layout, with its new label
        team = form.xpath("//group[@name='responsibility']/field[@name='team_id']")
        self.assertEqual(team[0].get("string"), "Lead unit")
        self.assertFalse(team[0].get("domain"), "any unit can lead a complaint")
        # complaint_management's own layout is still there
        for xpath in (
            "//header/button[@name='action_accept']",
            "//header/field[@name='stage_id'][@widget='statusbar']",
            "//group[@name='classification']/field[@name='category_id']",
            "//page[@name='facts']/field[@name='description']",
            "//page[@name='routing_log']",
            "//chatter",
        ):
            self.assertTrue(form.xpath(xpath), xpath)
        listing, _result = self._arch("list")
        self.assertTrue(listing.xpath("//field[@name='write_uid'][@optional='show']"))
        search, _result = self._arch("search")
        self.assertTrue(search.xpath("//filter[@name='neighbour_filter']"))
        self.assertEqual(len(search.xpath("//filter[@name='open']")), 1, "one Open filter")
        kanban, _result = self._arch("kanban")
        card = kanban.xpath("//t[@t-name='card']")[0]
        self.assertTrue(card.xpath(".//small[@class='neighbour_type']/field[@name='write_uid']"))
        self.assertTrue(card.xpath(".//footer//div[@class='neighbour_deadline']"))
        pivot, _result = self._arch("pivot")
        self.assertTrue(pivot.xpath("/pivot/field[@name='color'][@type='measure']"))

    def test_complaint_kanban_card_shows_number_flags_unit_and_responsible(self):
        kanban, _result = self._arch("kanban", self.handler)
        self.assertEqual(kanban.get("default_group_by"), "stage_id")
        self.assertFalse(kanban.xpath("//t[@t-name='menu']"), "no delete / colour menu")
        card = kanban.xpath("//t[@t-name='card']")[0]
        top = card.xpath("./div[@name='complaint_card_top']/field")
        self.assertEqual([f.get("name") for f in top], ["number", "priority"])
        self.assertEqual(top[0].get("class"), "fw-bold")
        self.assertTrue(
            card.xpath("./div[@name='complaint_card_category']/field[@name='category_id']")
        )
        flags = card.xpath("./div[@name='complaint_card_flags']/span")
        self.assertEqual([f.text for f in flags], ["Major", "Repeat", "Collective"])
        footer = card.xpath("./footer")[0]
        self.assertEqual(footer.xpath("./field[@name='team_id']")[0].get("class"), "small")
        self.assertEqual(
            [f.get("name") for f in footer.xpath("./div/field")], ["activity_ids", "user_id"]
        )
        for name in ("tag_ids", "kanban_state"):
            self.assertEqual(card.xpath(f".//field[@name='{name}']")[0].get("invisible"), "1")
        # the card's fields are read on the complaints the handler's unit leads
        fields_spec = dict.fromkeys(_result["models"]["helpdesk.ticket"]["fields"], {})
        rows = self.complaints.with_user(self.handler).web_search_read(
            [("id", "in", self.complaints.ids)], fields_spec
        )
        self.assertEqual(rows["length"], 2)
        for row in rows["records"]:
            self.assertTrue(row["number"].startswith("TS"), row["number"])
            self.assertEqual(row["team_id"], self.team.id)
            self.assertIn("complaint_severity", row)
            self.assertFalse(row["partner_id"], "helpdesk's contact stays empty on complaints")

    def test_helpdesk_contact_fields_stay_hidden_on_complaint_views(self):
        for user in (self.handler, self.officer):
            for view_type in COMPLAINT_VIEWS:
                arch, _result = self._arch(view_type, user)
                for name in HELPDESK_CONTACT_FIELDS:
                    for node in arch.xpath(f"//field[@name='{name}']"):
                        hidden = node.get("invisible") or node.get("column_invisible")
                        self.assertIn(hidden, ("1", "True"), f"{view_type} {name} {user.login}")
                for name in ("group_partner", "group_commercial_partner"):
                    for node in arch.xpath(f"//filter[@name='{name}']"):
                        self.assertIn(node.get("invisible"), ("1", "True"), name)

    def test_handler_of_the_unit_opens_complaints_with_the_form_fields(self):
        arch, result = self._arch("form", self.handler)
        self.assertFalse(arch.xpath("//field[@name='complainant_email']"), "officers only")
        self.assertTrue(arch.xpath("//field[@name='complainant_display']"), "what they may know")
        # an officer reads the contact fields, not the same name a second time
        officer_arch, _result = self._arch("form", self.officer)
        self.assertTrue(officer_arch.xpath("//field[@name='complainant_name']"))
        self.assertFalse(officer_arch.xpath("//field[@name='complainant_display']"))
        fields_spec = dict.fromkeys(result["models"]["helpdesk.ticket"]["fields"], {})
        rows = self.complaints.with_user(self.handler).web_read(fields_spec)
        self.assertEqual([row["id"] for row in rows], self.complaints.ids)
        for row in rows:
            self.assertFalse(row["partner_id"], "helpdesk's contact stays empty on complaints")
            self.assertFalse(row["partner_name"])
            self.assertFalse(row["partner_email"])
        # an officer reads the identity where it lives
        officer_rows = self.complaints.with_user(self.officer).read(["complainant_email"])
        self.assertEqual(
            sorted(row["complainant_email"] for row in officer_rows),
            ["views0@example.com", "views1@example.com"],
        )

    def test_user_without_complaint_group_gets_the_complaint_form_without_officer_fields(self):
        employee = new_test_user(self.env, login="views_employee", groups="base.group_user")
        arch, _result = self._arch("form", employee)
        self.assertFalse(arch.xpath("//field[@name='complainant_name']"))
        self.assertFalse(arch.xpath("//button[@name='action_accept']"))
