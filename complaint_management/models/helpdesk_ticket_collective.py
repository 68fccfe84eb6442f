"""Repeat and collective complaints: a complaint of the same complainant and category within the
window is a repeat; complaints of 5+ distinct complainants about the same category and place
form a collective complaint (proposed, or linked automatically). The decisions are those of
``tools/recurrence.py``; this file reads the complaints and runs the queries.
"""
# repeat and collective detection's part of this model, one file per concern
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize

from ..tools import recurrence
from .helpdesk_ticket import OFFICER


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _complainant_keys(self, ticket):
        """Ways to recognise the same complainant: contact, e-mail, phone (digits only)."""
        complainant = ticket.complainant_id
        return recurrence.complainant_keys(
            partner_id=complainant.partner_id.commercial_partner_id.id,
            email=email_normalize(complainant.email or ""),
            phone=complainant.phone,
            name=complainant.name,
        )

    @api.depends(
        "complainant_id.partner_id",
        "complainant_id.email",
        "complainant_id.phone",
        "complainant_id.name",
    )
    def _compute_complainant_key(self):
        for ticket in self:
            # sudo: the keys are derived from confidential fields (and as confidential)
            keys = dict(self._complainant_keys(ticket.sudo()))
            ticket.complainant_partner_key = keys.get("partner", False)
            ticket.complainant_phone_key = keys.get("phone", False)
            ticket.complainant_email_key = keys.get("email", False)
            ticket.complainant_key = recurrence.primary_key(keys.items()) or False

    def _link_repeats(self):
        """Same complainant (partner, e-mail or phone) and category while a previous complaint
        is open or was closed within the window: flag as repeat and link to the latest one.
        One aggregated query per kind of identity, whatever the batch and table sizes."""
        # sudo: the complainant keys are confidential fields, and earlier complaints of every
        # unit count, whoever registers this one
        new = self.sudo().filtered(lambda t: t.category_id and not t.complaint_is_anonymous)
        if not new:
            return
        window = self._get_complaint_param(
            "repeat_window_days", recurrence.DEFAULT_REPEAT_WINDOW_DAYS
        )
        since = fields.Datetime.now() - timedelta(days=window)
        base = Domain.AND(
            [
                [("is_complaint", "=", True), ("id", "not in", self.ids)],
                [("category_id", "in", new.category_id.ids)],
                Domain.OR([[("closed", "=", False)], [("closed_date", ">=", since)]]),
            ]
        )
        latest = {}  # (category id, key) -> id of the latest previous complaint
        for kind, fname in (
            ("partner", "complainant_partner_key"),
            ("email", "complainant_email_key"),
            ("phone", "complainant_phone_key"),
        ):
            values = [value for value in new.mapped(fname) if value]
            if not values:
                continue
            # sudo: see above, earlier complaints of every unit by their confidential keys
            groups = self.sudo()._read_group(
                Domain.AND([base, [(fname, "in", values)]]),
                ["category_id", fname],
                ["id:max"],
            )
            for category, value, last_id in groups:
                key = (kind, value)
                slot = (category.id, key)
                latest[slot] = max(latest.get(slot, 0), last_id)
        for ticket in new:
            previous = recurrence.repeat_of(
                ticket.category_id.id, self._complainant_keys(ticket), latest
            )
            if previous:
                ticket.write({"complaint_is_repeat": True, "complaint_repeat_of_id": previous})

    def _detect_collective(self):
        """5+ distinct complainants about the same category and place within the window:
        propose (or make) one collective complaint.

        A group (category and region, or category and place when there is no region) that has
        already reached the threshold is recognised by one indexed existence check, since its
        members carry the proposal or the link, and the new complaints simply join it. Only the
        other groups are counted, and those are small by definition, so the cost of a batch
        does not grow with the complaints already registered."""
        # sudo: a group counts the complaints of every unit (by their confidential complainant
        # keys) and marks them, whoever registers the new ones
        new = self.sudo().filtered(
            lambda t: t.category_id and (t.complaint_region_id or t.complaint_event_location)
        )
        if not new:
            return
        threshold = self._get_complaint_param(
            "collective_threshold", recurrence.DEFAULT_COLLECTIVE_THRESHOLD
        )
        window = self._get_complaint_param(
            "collective_window_days", recurrence.DEFAULT_COLLECTIVE_WINDOW_DAYS
        )
        auto = self._get_complaint_param("collective_auto_link", 0)
        since = fields.Datetime.now() - timedelta(days=window)
        groups = defaultdict(lambda: self.sudo().browse())  # sudo: in the environment of new
        for ticket in new:
            groups[self._collective_key(ticket)] |= ticket
        joined = self._collective_groups_formed(list(groups), since)
        counted = self._collective_groups_reached(
            [key for key in groups if key not in joined], since, threshold
        )
        for key, tickets in groups.items():
            if key not in joined and key not in counted:
                continue
            parent = self._collective_parent(key, since) if auto else self.browse()
            if parent:
                # the group already is a collective complaint: the new ones join it
                (parent | tickets)._link_collective()
                continue
            members = tickets
            if key not in joined or auto:
                # newly reached (or proposed before automatic linking was switched on)
                # sudo: the earlier members may be in units the user does not see
                members |= self.sudo().search(
                    Domain.AND([self._collective_domain(key, since), [("id", "not in", new.ids)]])
                )
            if auto:
                members._link_collective()
            else:
                members.filtered(
                    lambda t: not t.complaint_is_collective
                    and not t.complaint_collective_parent_id
                    and not t.complaint_collective_candidate
                ).write({"complaint_collective_candidate": True})

    @api.model
    def _collective_parent(self, key, since):
        """The collective complaint a group of the window already belongs to, if any."""
        # sudo: the parent may be in a unit the registering user does not see
        member = self.sudo().search(
            Domain.AND(
                [
                    self._collective_domain(key, since),
                    Domain.OR(
                        [
                            [("complaint_is_collective", "=", True)],
                            [("complaint_collective_parent_id", "!=", False)],
                        ]
                    ),
                ]
            ),
            limit=1,
        )
        return member if member.complaint_is_collective else member.complaint_collective_parent_id

    @api.model
    def _collective_key(self, ticket):
        """("region", category id, region id) or ("place", category id, place)."""
        return recurrence.collective_key(
            ticket.category_id.id, ticket.complaint_region_id.id, ticket.complaint_event_location
        )

    @api.model
    def _collective_domain(self, key, since):
        kind, category_id, value = key
        where = (
            [("complaint_region_id", "=", value)]
            if kind == "region"
            else [("complaint_region_id", "=", False), ("complaint_event_location", "=", value)]
        )
        return Domain.AND(
            [
                [("is_complaint", "=", True), ("category_id", "=", category_id)],
                [("complaint_received_date", ">=", since), ("complainant_key", "!=", False)],
                where,
            ]
        )

    @api.model
    def _collective_groups_formed(self, keys, since):
        """The keys whose group already has a proposed or linked complaint in the window: one
        query per kind of key, an index probe per group (stops at the first member found)."""
        formed = set()
        for kind, column in (
            ("region", "complaint_region_id"),
            ("place", "complaint_event_location"),
        ):
            values = [SQL("(%s, %s)", c, v) for k, c, v in keys if k == kind]
            if not values:
                continue
            place_only = SQL("AND t.complaint_region_id IS NULL") if kind == "place" else SQL()
            rows = self.env.execute_query(
                SQL(
                    """SELECT k.category_id, k.value
                         FROM (VALUES %(values)s) AS k(category_id, value)
                        WHERE EXISTS (
                            SELECT 1 FROM helpdesk_ticket t
                             WHERE t.is_complaint AND t.active
                               AND t.category_id = k.category_id AND t.%(column)s = k.value
                               %(place_only)s AND t.complaint_received_date >= %(since)s
                               AND t.complainant_key IS NOT NULL
                               AND (t.complaint_collective_candidate OR t.complaint_is_collective
                                    OR t.complaint_collective_parent_id IS NOT NULL))""",
                    values=SQL(", ").join(values),
                    column=SQL.identifier(column),
                    place_only=place_only,
                    since=since,
                )
            )
            formed.update((kind, category_id, value) for category_id, value in rows)
        return formed

    @api.model
    def _collective_groups_reached(self, keys, since, threshold):
        """The keys whose group counts at least ``threshold`` distinct complainants: one
        grouped count per kind of key (a region's complaints may name different places)."""
        reached = set()
        for kind, column in (
            ("region", "complaint_region_id"),
            ("place", "complaint_event_location"),
        ):
            kind_keys = [key for key in keys if key[0] == kind]
            if not kind_keys:
                continue
            domain = Domain.OR(self._collective_domain(key, since) for key in kind_keys)
            # sudo: distinct confidential complainant keys, over every unit
            for category, value, count in self.sudo()._read_group(
                domain, ["category_id", column], ["complainant_key:count_distinct"]
            ):
                if recurrence.is_collective(count, threshold):
                    reached.add((kind, category.id, value.id if kind == "region" else value))
        return reached & set(keys)

    def _link_collective(self):
        """Link these complaints under the oldest one (or an existing parent), which becomes a
        major collective complaint."""
        # sudo: the members of other units are written and the parent gets the note, whoever
        # registered the complaint that completed the group
        tickets = self.sudo()
        parent = tickets.filtered("complaint_is_collective")[:1] or tickets.sorted("id")[:1]
        children = tickets - parent
        parent.write({"complaint_is_collective": True, "complaint_collective_candidate": False})
        children.write(
            {"complaint_collective_parent_id": parent.id, "complaint_collective_candidate": False}
        )
        parent.message_post(
            body=self.env._(
                "Collective complaint: %(count)s complaints linked (%(numbers)s).",
                count=len(children),
                numbers=", ".join(children.mapped("number")),
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        return parent

    def action_link_collective(self):
        complaints = self.filtered("is_complaint")
        if len(complaints) < 2:
            raise UserError(self.env._("Select at least two complaints to link."))
        if len(complaints.category_id) > 1:
            raise UserError(
                self.env._("Only complaints of the same category can form a collective complaint.")
            )
        parent = complaints._link_collective()
        return parent._get_form_action()

    def action_link_collective_suggestion(self):
        """Link this suspected collective complaint with the others of its group (same
        category and region or place, within the window) in one click from the form."""
        self.ensure_one()
        self._check_is_complaint()
        if not self.env.user.has_group(OFFICER):
            raise AccessError(self.env._("Only complaint officers link collective complaints."))
        window = self._get_complaint_param(
            "collective_window_days", recurrence.DEFAULT_COLLECTIVE_WINDOW_DAYS
        )
        since = self.complaint_received_date - timedelta(days=window)
        # sudo: the group is found by the complainant keys, which are confidential
        group = self.sudo().search(
            Domain.AND(
                [
                    self._collective_domain(self._collective_key(self.sudo()), since),
                    Domain.OR(
                        [
                            [("complaint_collective_candidate", "=", True)],
                            [("complaint_is_collective", "=", True)],
                            [("complaint_collective_parent_id", "!=", False)],
                        ]
                    ),
                ]
            )
        )
        if len(group | self) < 2:
            raise UserError(self.env._("No other complaint of this group is waiting to be linked."))
        parent = (group | self)._link_collective()
        return parent.with_env(self.env)._get_form_action()
