"""The e-mail channel of complaints.

A mail to a complaint address (the alias of a unit that registers complaints, or of a complaint
category) registers a complaint through the same create() as every other channel; a mail answering
one of our mails to a complainant (its In-Reply-To or References name that mail's Message-Id,
kept on complaint.mail.reference) or quoting the tracking number of a complaint is appended to
it. The incoming message on a complaint never
carries the sender's identity: its author is the shared "Complainant" contact, the addresses are
emptied, no follower and no recipient contact is added, and the sender's name, address and the
tracking code are masked in its subject, text and file names (the original text is kept on the
complainant record, for officers). A mail that cannot be registered is kept as a
complaint.mail.rejected record for officers instead of being lost or half-registered.
"""
# the e-mail channel's part of this model, one file per concern
# pylint: disable=consider-merging-classes-inherited

import logging
from datetime import timedelta

import psycopg2
from lxml import etree, html
from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize, html2plaintext, is_html_empty
from odoo.tools.mail import html_normalize, parse_contact_from_email

from ..tools import mail_intake
from ..tools.text import strip_control

_logger = logging.getLogger(__name__)

EMAIL_CHANNEL = "helpdesk_mgmt.helpdesk_ticket_channel_email"
# the web form's default, for a database where the setting was removed
DEFAULT_EXTENSIONS = "jpg,jpeg,png,gif,webp,pdf,doc,docx,xls,xlsx,ppt,pptx,odt,ods,txt,mp4,mov"
# the copy of the raw mail that a fetchmail server "keeping the original" adds: it holds every
# header, so it goes to the complainant record, never to the complaint
ORIGINAL_EMAIL = "original_email.eml"
AUTOMATIC_HEADERS = (
    "Auto-Submitted",
    "X-Autoreply",
    "X-Autorespond",
    "X-Autoresponder",
    "X-Auto-Reply",
    "Precedence",
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------------------------------
    # Routing (called by mail.thread._message_route_process, which knows the raw mail)
    # ------------------------------------------------------------------------------------------

    @api.model
    def _complaint_mail_routes(self, message, message_dict, routes):
        """The gateway's routes, decided for complaints: automatic mails and our own mails are
        dropped, a new complaint quoting the tracking number of an existing one becomes a reply
        to it, one mail sent to several complaint addresses registers one complaint, and no
        recipient contact is linked to the message."""
        kinds = [self._complaint_mail_route_kind(route) for route in routes or ()]
        if not any(kinds):
            return routes
        self._complaint_mail_strip_control(message_dict)
        sender = email_normalize(message_dict.get("email_from") or "") or ""
        headers = {name: message.get(name) for name in AUTOMATIC_HEADERS}
        if mail_intake.is_automatic(headers, sender) or self._complaint_mail_from_ourselves(sender):
            _logger.info(
                "Mail %s is automatic or comes from one of our addresses: not registered as a "
                "complaint",
                message_dict.get("message_id"),
            )
            return [route for route, kind in zip(routes, kinds, strict=True) if not kind]
        result, new_route = [], None
        for route, kind in zip(routes, kinds, strict=True):
            if kind != "new":
                result.append(tuple(route))
                continue
            if new_route is not None:
                # one complaint per mail: a category address and a unit address both give
                # their defaults to it
                for key, value in (route[2] or {}).items():
                    new_route[2].setdefault(key, value)
                continue
            model, thread_id, custom_values, user_id, alias = route
            quoted = self._complaint_mail_find_quoted(message_dict)
            if quoted:
                _logger.info(
                    "Mail %s quotes complaint %s: appended to it",
                    message_dict.get("message_id"),
                    quoted.number,
                )
                thread_id = quoted.id
            new_route = [model, thread_id, dict(custom_values or {}), user_id, alias]
            result.append(new_route)
        # message_process links the partners found for To and Cc to the message afterwards: on
        # a complaint they would name who the complainant wrote to (or the complainant, copied)
        message_dict["partner_ids"] = []
        return [tuple(route) for route in result]

    @api.model
    def _complaint_mail_strip_control(self, message_dict):
        """Control characters out of the mail's subject, text, sender and file names: an
        encoded word or a broken part may carry a NUL, which would fail the complaint, the
        mail kept for officers and the bounce alike (the mail would be lost)."""
        for key in ("subject", "body", "email_from"):
            if key in message_dict:
                message_dict[key] = strip_control(message_dict[key])
        attachments = []
        for attachment in message_dict.get("attachments") or ():
            name = strip_control(attachment[0])
            if name != attachment[0]:
                # mail.thread's Attachment namedtuple, or a plain (name, content, ...) tuple
                attachment = (
                    attachment._replace(fname=name)
                    if hasattr(attachment, "_replace")
                    else (name, *attachment[1:])
                )
            attachments.append(attachment)
        if "attachments" in message_dict:
            message_dict["attachments"] = attachments

    @api.model
    def _complaint_mail_route_kind(self, route):
        """'new' for a route registering a complaint, 'reply' for one appending to a
        complaint, None for anything else."""
        model, thread_id, custom_values = route[0], route[1], route[2]
        if model != self._name:
            return None
        if thread_id:
            # sudo: only whether the target is a complaint is read
            return "reply" if self.sudo().browse(thread_id).exists().is_complaint else None
        return "new" if self._is_complaint_vals(dict(custom_values or {})) else None

    @api.model
    def _complaint_mail_from_ourselves(self, sender):
        if not sender:
            return False
        # sudo: alias domains and aliases are configuration the gateway user may not read
        if self.env["mail.alias.domain"].sudo()._find_aliases([sender]):
            return True
        # sudo: companies of every branch count, whichever ones the gateway user may read
        return bool(
            self.env["res.company"]
            .sudo()
            .search_count([("partner_id.email_normalized", "=", sender)], limit=1)
        )

    @api.model
    def _complaint_mail_find_quoted(self, message_dict):
        """The complaint of the mail of ours that the mail answers (In-Reply-To, References:
        the Message-Ids of our mails to complainants), else the one whose tracking number the
        subject (first) or the references quote."""
        answered = self.env["complaint.mail.reference"]._find_complaint(
            message_dict.get("in_reply_to"), message_dict.get("references")
        )
        if answered:
            return answered
        numbers = mail_intake.find_tracking_numbers(
            message_dict.get("subject"),
            message_dict.get("references"),
            message_dict.get("in_reply_to"),
        )
        if not numbers:
            return self.browse()
        # sudo: the gateway looks complaints up by number, whoever may read them
        found = self.sudo().search([("is_complaint", "=", True), ("number", "in", numbers)])
        by_number = {ticket.number: ticket for ticket in found}
        return next((by_number[n] for n in numbers if n in by_number), self.browse())

    @api.model
    def _detect_loop_sender_domain(self, email_from_normalized):
        # helpdesk tickets have no primary e-mail field, so mail's loop detection ("too many
        # records created by this sender") finds nothing; complaints count by complainant
        domain = super()._detect_loop_sender_domain(email_from_normalized)
        complaints = [
            ("is_complaint", "=", True),
            ("complainant_id.email", "=ilike", email_from_normalized),
        ]
        return ["|", *domain, *complaints] if domain else complaints

    # ------------------------------------------------------------------------------------------
    # New complaints
    # ------------------------------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        values = dict(custom_values or {})
        if not self._is_complaint_vals(values):
            return super().message_new(msg_dict, custom_values)
        sender_name, sender = self._complaint_mail_sender(msg_dict)
        problems = self._complaint_mail_problems(msg_dict, sender, replying=False)
        if problems:
            return self._complaint_mail_reject(msg_dict, values, problems)
        partner = self._complaint_mail_partner(msg_dict, sender)
        # registered by the system (OdooBot), as web complaints: the gateway would otherwise
        # create it as the user with the sender's address, naming them as creator and
        # first-contact owner to everyone who reads the complaint
        system = self.with_user(SUPERUSER_ID)
        # the system user's time zone (OdooBot's) is nobody's: the number's year and the other
        # local dates are the organisation's (and the user is not read for it)
        system = system.with_context(tz=self.env.company._get_complaint_tz_quick())
        try:
            # nothing registered half-way: no complaint, no number, no complainant record
            with self.env.cr.savepoint():
                vals = system._prepare_complaint_mail_values(
                    msg_dict.get("subject"),
                    msg_dict.get("body"),
                    sender_name,
                    sender,
                    partner,
                    values,
                )
                alias_team_id = vals.get("team_id")
                # helpdesk_mgmt subscribes the contacts found in To and Cc: not on a complaint
                ticket = super(HelpdeskTicket, system).message_new(
                    dict(msg_dict, to="", cc=""), vals
                )
        except (UserError, ValueError, psycopg2.Error) as error:
            return self._complaint_mail_reject(msg_dict, values, [("error", str(error))])
        if (
            alias_team_id
            and ticket.team_id.id == alias_team_id
            and not ticket.complaint_routing_rule_id
        ):
            # sudo: the routing log is the system's
            ticket.sudo().complaint_assignment_ids.filtered(lambda a: a.kind == "routing").write(
                {"reason": self.env._("Unit of the e-mail address")}
            )
        _logger.info(
            "Mail %s registered as complaint %s", msg_dict.get("message_id"), ticket.number
        )
        # the message posted next on the complaint is the one that registered it
        return ticket.with_context(complaint_mail_new=True)

    @api.model
    def _prepare_complaint_mail_values(
        self, subject, body, sender_name, sender, partner, custom_values
    ):
        """create() values of a complaint registered from a mail: the alias defaults, the
        channel, the (masked) text, the sender as complainant; the unit of the address is the
        lead unit unless a routing rule or the category says otherwise."""
        terms = mail_intake.identity_terms(sender_name, sender)
        text = html2plaintext(body or "").strip()
        name = (
            mail_intake.redact(subject or "", terms).strip()
            or mail_intake.redact(text[:80], terms).strip()
            or self.env._("Complaint by e-mail")
        )
        vals = dict(custom_values)
        vals.update(
            {
                "is_complaint": True,
                "name": name[:200],
                "description": self._complaint_mail_redact_html(body, terms),
                # helpdesk_mgmt's message_new passes the sender under its own names: the
                # registration moves whatever is given there to the complainant record
                "partner_id": False,
                "partner_name": sender_name or partner.name or False,
                "partner_email": sender or False,
                "complainant_partner_id": partner.id or False,
                "number": "/",
            }
        )
        channel = self._get_complaint_record(EMAIL_CHANNEL)
        if channel:
            vals.setdefault("channel_id", channel.id)
        alias_team_id = vals.pop("team_id", False)
        if alias_team_id:
            probe = dict(
                vals, description=text, complaint_customer_tier=partner.complaint_customer_tier
            )
            self._route_vals([probe])
            # no rule and no category points elsewhere: the address says where it goes (the
            # default rule's own unit routes like every other channel)
            undecided = probe.get("complaint_routed_by_default") or not probe.get("team_id")
            if undecided and probe.get("team_id") != alias_team_id:
                vals["team_id"] = alias_team_id
        return vals

    @api.model
    def _complaint_mail_sender(self, msg_dict):
        """(display name, normalised address) of the sender; the address is empty when it is
        not usable."""
        name, address = parse_contact_from_email(msg_dict.get("email_from") or "")
        address = email_normalize(address or "") or ""
        if name and email_normalize(name) == address:
            name = ""
        return (name or "").strip()[:200], address

    @api.model
    def _complaint_mail_partner(self, msg_dict, sender):
        """The existing contact with the sender's address, if any: never a new one."""
        if not sender:
            return self.env["res.partner"]
        # sudo: matching the sender against contacts the gateway user may not read
        Partner = self.env["res.partner"].sudo()
        author = Partner.browse(msg_dict.get("author_id") or []).exists()
        if author.email_normalized == sender:
            return author
        return Partner.search([("email_normalized", "=", sender)], order="id", limit=1)

    @api.model
    def _complaint_mail_problems(self, msg_dict, sender, replying):
        """[(reason, message)] that keep a mail from being registered or appended."""
        problems = []
        if not sender:
            problems.append(
                ("sender", self.env._("The mail has no usable sender address to answer."))
            )
        _original, attachments = self._complaint_mail_split_original(
            msg_dict.get("attachments") or []
        )
        text = html2plaintext(msg_dict.get("body") or "").strip()
        if not text and not (replying and attachments):
            problems.append(("empty", self.env._("The mail has no text.")))
        problems.extend(self._complaint_mail_attachment_problems(attachments))
        return problems

    @api.model
    def _complaint_mail_attachment_problems(self, attachments):
        """The web form's rules on files (Settings > Complaints > Web form)."""
        # sudo: the settings live in ir.config_parameter, which only administrators read
        params = self.env["ir.config_parameter"].sudo()
        allowed = {
            ext.strip().lower()
            for ext in (
                params.get_param("complaint_management.portal_allowed_extensions")
                or DEFAULT_EXTENSIONS
            ).split(",")
            if ext.strip()
        }
        max_count = self._get_complaint_param("portal_max_attachments", 5)
        max_mb = self._get_complaint_param("portal_max_attachment_mb", 10)
        problems = []
        for kind, name in mail_intake.check_attachments(
            attachments, allowed, max_mb * 1024 * 1024, max_count
        ):
            if kind == "count":
                message = self.env._("More than %(count)s attachments.", count=max_count)
            elif kind == "type":
                message = self.env._(
                    "%(name)s: this type of file is not accepted.", name=name or "-"
                )
            else:
                message = self.env._("%(name)s is larger than %(size)s MB.", name=name, size=max_mb)
            problems.append(("attachment", message))
        return problems

    @api.model
    def _complaint_mail_split_original(self, attachments):
        original = [a for a in attachments if a[0] == ORIGINAL_EMAIL]
        return original, [a for a in attachments if a[0] != ORIGINAL_EMAIL]

    @api.model
    def _complaint_mail_reject(self, msg_dict, custom_values, problems, ticket=None):
        """Keep a mail that cannot be registered (or appended) for officers; the gateway then
        posts the mail, with its files, on that record (readable by officers only)."""
        reason = problems[0][0]
        detail = "\n".join(message for _reason, message in problems)
        _logger.warning(
            "Mail %s to a complaint address not %s (%s): %s",
            msg_dict.get("message_id"),
            "appended" if ticket else "registered",
            reason,
            detail,
        )
        values = custom_values or {}
        # sudo: the gateway user (or a cron) keeps the mail for officers
        return (
            self.env["complaint.mail.rejected"]
            .sudo()
            .create(
                {
                    "name": (msg_dict.get("subject") or "")[:200] or False,
                    "email_from": (msg_dict.get("email_from") or "")[:200] or False,
                    "reason": reason,
                    "error": detail,
                    "ticket_id": ticket.id if ticket else False,
                    "category_id": values.get("category_id") or False,
                    "team_id": values.get("team_id") or False,
                }
            )
        )

    # ------------------------------------------------------------------------------------------
    # Replies and the incoming message
    # ------------------------------------------------------------------------------------------

    def message_update(self, msg_dict, update_vals=None):
        complaints = self.filtered("is_complaint")
        if complaints:
            # helpdesk_mgmt subscribes the contacts found in To and Cc: not on a complaint
            msg_dict = dict(msg_dict, to="", cc="")
        return super().message_update(msg_dict, update_vals=update_vals)

    def message_post(self, **kwargs):
        # the gateway posts what it received as an "email" message: on a complaint, that is
        # where the sender's identity would be stored (author, addresses, followers)
        if not (
            kwargs.get("message_type") == "email"
            and len(self) == 1
            # sudo: only the kind of ticket is read, whoever the gateway posts as
            and self.sudo().is_complaint
            and not self.env.context.get("complaint_mail_posted")
        ):
            return super().message_post(**kwargs)
        replying = not self.env.context.get("complaint_mail_new")
        decision, values = self._complaint_mail_decide(kwargs, replying)
        if decision == "colleague":
            return super().message_post(**kwargs)
        if decision == "drop":
            return self.env["mail.message"]
        if decision == "reject":
            # the mail as received, with its files and sender, on the officers' record
            kwargs.pop("parent_id", None)
            return values.message_post(**kwargs)
        message = super(HelpdeskTicket, self.with_context(complaint_mail_posted=True)).message_post(
            **values
        )
        if replying:
            self._complaint_mail_after_reply()
        return message

    def _complaint_mail_decide(self, kwargs, replying):
        """('post', sanitised message values), ('colleague', None) for a reply of a user to a
        notification, ('reject', complaint.mail.rejected) or ('drop', None) for a loop."""
        self.ensure_one()
        msg_dict = dict(kwargs)
        sender_name, sender = self._complaint_mail_sender(msg_dict)
        # sudo: the complainant is compared with the sender, nothing is shown
        complainant = self.sudo().complainant_id
        if replying and not self._complaint_mail_is_complainant(sender, complainant):
            # sudo: only whether the author is an internal user is read
            author = self.env["res.partner"].sudo().browse(kwargs.get("author_id") or []).exists()
            if author.user_ids.filtered(lambda user: not user.share):
                return "colleague", None
            problem = self.env._(
                "The mail quotes complaint %(number)s but does not come from its complainant's "
                "address.",
                number=self.number,
            )
            return "reject", self._complaint_mail_reject(
                msg_dict, {}, [("other_sender", problem)], ticket=self
            )
        if replying and self._complaint_mail_is_loop(sender):
            _logger.info(
                "Mail %s: too many mails on complaint %s, ignored (mail loop)",
                kwargs.get("message_id"),
                self.number,
            )
            return "drop", None
        problems = self._complaint_mail_problems(msg_dict, sender, replying=replying)
        if problems:
            return "reject", self._complaint_mail_reject(msg_dict, {}, problems, ticket=self)
        return "post", self._prepare_complaint_incoming_message(
            kwargs, sender_name, sender, complainant, replying
        )

    @api.model
    def _complaint_mail_is_complainant(self, sender, complainant):
        addresses = {
            email_normalize(complainant.email or ""),
            complainant.partner_id.email_normalized,
        } - {False, None, ""}
        return bool(sender) and sender in addresses

    def _complaint_mail_is_loop(self, sender):
        """mail's own loop detection counts messages by author or address, which complaint
        messages do not carry: count the complainant's mails on this complaint instead, with
        the same settings and allowed senders."""
        # sudo: gateway settings and the complaint's messages are read whoever receives
        if (
            self.env["mail.gateway.allowed"]
            .sudo()
            .search_count([("email_normalized", "=", sender)], limit=1)
        ):
            return False
        # sudo: mail's loop settings and the complaint's messages, as said above
        params = self.env["ir.config_parameter"].sudo()
        minutes = int(params.get_param("mail.gateway.loop.minutes", 120))
        threshold = int(params.get_param("mail.gateway.loop.threshold", 20))
        count = (  # sudo: see above
            self.env["mail.message"]
            .sudo()
            .search_count(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("message_type", "=", "email"),
                    ("author_id", "=", self._complaint_author().id),
                    ("create_date", ">=", self.env.cr.now() - timedelta(minutes=minutes)),
                ]
            )
        )
        return count >= threshold

    @api.model
    def _complaint_author(self):
        return self._get_complaint_record("complaint_management.partner_complainant_author")

    def _prepare_complaint_incoming_message(
        self, kwargs, sender_name, sender, complainant, replying
    ):
        """The message as stored on the complaint: the shared author, no address, no
        recipient, no quoted text (a reply quotes our mail with the tracking code), the
        identity masked; the original text goes to the complainant record."""
        self.ensure_one()
        terms = self._complaint_mail_identity_terms(sender_name, sender, complainant)
        body = kwargs.get("body") or ""
        clean = self._complaint_mail_strip_quotes(body) if replying else body
        clean = self._complaint_mail_redact_html(clean, terms)
        subject = mail_intake.redact(kwargs.get("subject") or "", terms) or False
        original, attachments = self._complaint_mail_split_original(kwargs.get("attachments") or [])
        attachments = [
            (mail_intake.redact(att[0] or "attachment", terms), *att[1:]) for att in attachments
        ]
        self._complaint_mail_keep_original(kwargs, complainant, original)
        return dict(
            kwargs,
            author_id=self._complaint_author().id,
            email_from=False,
            incoming_email_to=False,
            incoming_email_cc=False,
            partner_ids=[],
            body=clean,
            subject=subject,
            attachments=attachments,
        )

    @api.model
    def _complaint_mail_identity_terms(self, sender_name, sender, complainant):
        code = complainant.tracking_code or ""
        extra = [complainant.name, complainant.email, code, code.replace("-", "")]
        return mail_intake.identity_terms(sender_name, sender, extra=[t for t in extra if t])

    def _complaint_mail_keep_original(self, kwargs, complainant, original):
        """The mail as received (sender, subject, text, raw source if the mail server keeps
        it) on the complainant record, which only officers read."""
        if not complainant:
            return
        received = fields.Datetime.to_string(fields.Datetime.now())
        # plain text: an HTML file from outside would run in the officer's browser
        text = "From: {}\nDate: {}\nSubject: {}\n\n{}".format(
            kwargs.get("email_from") or "",
            kwargs.get("date") or received,
            kwargs.get("subject") or "",
            html2plaintext(kwargs.get("body") or ""),
        )
        files = [{"name": f"{self.number} {received} e-mail.txt", "raw": text.encode()}]
        files += [
            {
                "name": f"{self.number} {received}.eml",
                "raw": att[1].encode() if isinstance(att[1], str) else att[1],
                "mimetype": "message/rfc822",
            }
            for att in original
        ]
        # sudo: the gateway writes on the officers' record
        self.env["ir.attachment"].sudo().create(
            [dict(vals, res_model="complaint.complainant", res_id=complainant.id) for vals in files]
        )

    def _complaint_mail_after_reply(self):
        """A mail from the complainant on a closed complaint reopens it when the setting says
        so (Settings > Complaints > E-mail)."""
        if self.complaint_phase == "closed" and self._get_complaint_param("mail_reply_reopens", 0):
            self._reopen_complaint(self.env._("The complainant wrote again by e-mail."))

    # ------------------------------------------------------------------------------------------
    # Text helpers
    # ------------------------------------------------------------------------------------------

    @api.model
    def _complaint_mail_strip_quotes(self, body):
        """The body without what mail marks as quoted (the mail answered, signatures)."""
        if is_html_empty(body):
            return body
        try:
            root = html.fragment_fromstring(html_normalize(str(body)), create_parent="div")
        except (etree.ParserError, ValueError):
            return body
        for element in root.xpath(".//*[@data-o-mail-quote]"):
            if element.getparent() is not None:
                element.drop_tree()
        return Markup("".join(self._complaint_mail_serialise(root)))

    @api.model
    def _complaint_mail_redact_html(self, body, terms):
        """``body`` with the identity terms masked in its text and attribute values (not in its
        tags, which a name such as "Mark" would break)."""
        if not body or not terms:
            return body
        try:
            root = html.fragment_fromstring(str(body), create_parent="div")
        except (etree.ParserError, ValueError):
            return Markup.escape(mail_intake.redact(html2plaintext(str(body)), terms))
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue  # comments and processing instructions
            element.text = mail_intake.redact(element.text, terms)
            element.tail = mail_intake.redact(element.tail, terms)
            for key, value in element.attrib.items():
                element.attrib[key] = mail_intake.redact(value, terms)
        root.tail = None
        return Markup("".join(self._complaint_mail_serialise(root)))

    @api.model
    def _complaint_mail_serialise(self, root):
        if root.text:
            yield str(Markup.escape(root.text))
        for child in root:
            yield etree.tostring(child, encoding="unicode", method="html")

    # ------------------------------------------------------------------------------------------
    # Mails to the complainant
    # ------------------------------------------------------------------------------------------

    @api.model
    def _get_complaint_mail_values(self):
        values = super()._get_complaint_mail_values()
        address = self._get_complaint_mail_address()
        if address:
            # a reply comes back to the gateway, which finds the complaint by the Message-Id it
            # answers or by the number in its subject
            values["reply_to"] = address
        return values

    @api.model
    def _get_complaint_mail_address(self):
        """The address that registers complaints: the complaint office's, else the first unit
        that registers complaints by e-mail."""
        # sudo: units and their aliases are configuration
        Team = self.env["helpdesk.ticket.team"].sudo()
        office = Team.env.ref("complaint_management.team_complaint_office", False)
        if office and office.complaint_mail_intake and office.alias_email:
            return office.alias_email
        teams = Team.search([("complaint_mail_intake", "=", True)], limit=20)
        return teams.filtered("alias_email")[:1].alias_email or False
