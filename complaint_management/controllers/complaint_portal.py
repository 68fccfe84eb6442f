"""Public complaint form, tracking without an account, "My complaints" in the portal, and a safe
replacement of helpdesk_mgmt's /ticket/close.

Everything a visitor sends is validated and bounded; complaints are created through the same
create() as in the back office; tokens are compared in constant time; a wrong number or code
gives the same "not found" page as an unknown one.
"""

import base64
import functools
import hashlib
import hmac
import logging
import re
import secrets
import time
from datetime import datetime, timedelta

import psycopg2
import pytz
from markupsafe import Markup, escape
from werkzeug.exceptions import NotFound

from odoo import SUPERUSER_ID, fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq, email_normalize
from odoo.tools.mail import single_email_re

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools.numbering import PHONE_RE, normalise, normalise_code
from ..tools.text import CONTROL_RE

_logger = logging.getLogger(__name__)

TEXT_FIELDS = (
    "name",
    "partner_name",
    "partner_phone",
    "partner_email",
    "event_location",
    "accused_party",
    "description",
    "complainant_request",
)
REQUIRED = ("name", "description", "consent")
RELATIONS = ("self", "relative", "representative", "witness", "other")
DEFAULT_EXTENSIONS = "jpg,jpeg,png,gif,webp,pdf,doc,docx,xls,xlsx,ppt,pptx,odt,ods,txt,mp4,mov"
PARAM = "complaint_management.portal_"
# a record id as a form sends it: ASCII digits within PostgreSQL's integer
ID_RE = re.compile(r"[1-9][0-9]{0,8}", re.ASCII)


def _form_id(value):
    """The record id a form field names, or 0 ("²", "-3", "1e9", 20 digits are no id)."""
    return int(value) if isinstance(value, str) and ID_RE.fullmatch(value) else 0


def _file_name(filename):
    """An uploaded file's name as it is kept: without the folders some browsers send (they
    would name the complainant's account on their computer) nor control characters (NUL
    cannot be stored), at most 200 characters with its extension."""
    name = CONTROL_RE.sub("", re.split(r"[/\\]", filename or "")[-1]).strip()
    if len(name) <= 200:
        return name
    stem, dot, extension = name.rpartition(".")
    return (
        f"{stem[: 199 - len(extension)]}.{extension}"
        if dot and len(extension) <= 10
        else name[:200]
    )


def _param(key, default):
    return request.env["helpdesk.ticket"]._get_complaint_param(f"portal_{key}", default)


class ComplaintPortal(http.Controller):
    # ------------------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------------------

    def _secret(self):
        # sudo: the database secret signs the form's timestamp; it is never sent out
        return request.env["ir.config_parameter"].sudo().get_param("database.secret", "")

    def _sign(self, value):
        return hmac.new(self._secret().encode(), value.encode(), hashlib.sha256).hexdigest()

    def _ip_hash(self):
        address = request.httprequest.remote_addr or ""
        return hashlib.sha256(f"{self._secret()}:{address}".encode()).hexdigest()

    def _visitor_tz(self):
        """The visitor's time zone: their own when logged in, else the company's (its working
        calendar's, then its contact's), never silently UTC."""
        user = request.env.user
        if not user._is_public() and user.tz:
            return user.tz
        # sudo: visitors may not read the company's calendar; only its time zone is used
        return request.env.company.sudo()._get_complaint_tz()

    def _localise(self):
        request.update_context(tz=self._visitor_tz())

    def _categories(self):
        # sudo: public visitors choose among the categories offered on the portal
        return (
            request.env["helpdesk.ticket.category"]
            .sudo()
            .search(
                [
                    ("show_in_portal", "=", True),
                    ("is_complaint_category", "=", True),
                    # the website's company only: sudo() would offer every company's
                    ("company_id", "in", [False, request.env.company.id]),
                ]
            )
            .sorted("complete_name")
        )

    def _form_values(self, values=None, errors=None):
        user = request.env.user
        values = dict(values or {})
        if not user._is_public() and not values:
            partner = user.partner_id
            values.update(
                {
                    "partner_name": partner.name,
                    "partner_email": partner.email or "",
                    "partner_phone": partner.phone or "",
                }
            )
        # a timestamp and a nonce, signed: the nonce makes every rendered form single-use
        stamp = f"{int(time.time())}-{secrets.token_hex(8)}"
        return {
            "values": values,
            "errors": errors or {},
            "categories": self._categories(),
            # sudo: visitors choose among the active regions
            "regions": request.env["complaint.region"].sudo().search([]),
            "form_stamp": f"{stamp}.{self._sign(stamp)}",
            "max_files": _param("max_attachments", 5),
            "max_mb": _param("max_attachment_mb", 10),
            "is_public_user": user._is_public(),
        }

    def _validate(self, post, files):
        """(cleaned vals, [(file name, data)], {field: error}); nothing is created here."""
        errors = {}
        vals = self._validate_texts(post, errors)
        anonymous = bool(post.get("is_anonymous"))
        self._validate_contact(vals, anonymous, errors)
        category = self._validate_category(post, anonymous, errors)
        region = self._validate_region(post, errors)
        complaint_event_date = self._validate_event_date(post, errors)
        self._validate_stamp(post, errors)
        attachments = self._validate_files(files, errors)
        relation = post.get("complainant_relation")
        ticket_vals = {
            "name": vals["name"],
            "description": Markup("<p>%s</p>") % escape(vals["description"]),
            "complainant_request": vals["complainant_request"],
            "complaint_event_location": vals["event_location"],
            "complaint_event_date": complaint_event_date,
            "complaint_accused_party": vals["accused_party"],
            "complainant_name": vals["partner_name"] if not anonymous else False,
            "complainant_email": vals["partner_email"] or False,
            "complainant_phone": vals["partner_phone"] or False,
            "complainant_relation": relation if relation in RELATIONS else False,
            "category_id": category.id or False,
            "complaint_region_id": region.id or False,
            "complaint_is_confidential": bool(post.get("is_confidential")),
            "complaint_is_anonymous": anonymous,
        }
        return ticket_vals, attachments, errors

    def _validate_texts(self, post, errors):
        env = request.env
        max_len = _param("max_text_length", 5000)
        vals = {}
        for name in TEXT_FIELDS:
            value = (post.get(name) or "").strip()
            limit = 200 if name not in ("description", "complainant_request") else max_len
            if len(value) > limit:
                errors[name] = env._("At most %(limit)s characters.", limit=limit)
            elif CONTROL_RE.search(value):
                errors[name] = env._("Remove the control characters from this text.")
                value = CONTROL_RE.sub("", value)
            vals[name] = value
        for name in REQUIRED:
            # spaces alone are no subject or description
            if not (vals[name] if name in vals else post.get(name)):
                errors[name] = env._("This field is required.")
        return vals

    def _validate_contact(self, vals, anonymous, errors):
        env = request.env
        if not anonymous and not vals["partner_name"]:
            errors["partner_name"] = env._("Your name is required unless you file anonymously.")
        if not anonymous and not (vals["partner_email"] or vals["partner_phone"]):
            errors["partner_phone"] = env._("Give a phone number or an e-mail address.")
        if vals["partner_email"] and not single_email_re.match(
            email_normalize(vals["partner_email"]) or ""
        ):
            errors["partner_email"] = env._("This e-mail address is not valid.")
        if vals["partner_phone"] and not PHONE_RE.match(vals["partner_phone"]):
            errors["partner_phone"] = env._(
                "This phone number is not valid: use digits, spaces, +, - and parentheses."
            )

    def _validate_category(self, post, anonymous, errors):
        env = request.env
        category = env["helpdesk.ticket.category"]
        value = post.get("category_id") or ""
        if not value:
            return category
        category = self._categories().filtered(lambda c: str(c.id) == value)
        if not category:
            errors["category_id"] = env._("Choose a category from the list.")
        elif anonymous and category.complaint_real_name_required:
            errors["is_anonymous"] = env._("Complaints of this category need your real name.")
        return category

    def _validate_region(self, post, errors):
        value = post.get("region_id") or ""
        # sudo: visitors choose among the active regions
        Region = request.env["complaint.region"].sudo()
        if not value:
            return Region
        region = Region.browse(_form_id(value)).exists()
        if not region.active:
            errors["region_id"] = request.env._("Choose a district from the list.")
        return region

    def _validate_event_date(self, post, errors):
        if not post.get("event_date"):
            return False
        try:
            local = datetime.strptime(post["event_date"][:16], "%Y-%m-%dT%H:%M")
        except ValueError:
            local = None
        now = fields.Datetime.now()
        if local is None or not (datetime(1990, 1, 1) <= local <= now + timedelta(days=1)):
            errors["event_date"] = request.env._("Give the date and time of the event.")
            return False
        # the visitor types local time: store it in UTC as the back office does
        tz = pytz.timezone(self._visitor_tz())
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _validate_stamp(self, post, errors):
        env = request.env
        stamp, _sep, signature = (post.get("form_stamp") or "").partition(".")
        seconds = stamp.partition("-")[0]
        if not seconds.isdigit() or not consteq(signature, self._sign(stamp)):
            errors["form"] = env._("The form expired: please send it again.")
        elif time.time() - int(seconds) < _param("min_fill_seconds", 3):
            errors["form"] = env._("The form was sent too fast: please check it and send again.")
        if post.get("website_url"):  # honeypot, hidden to people
            errors["form"] = env._("The form could not be sent.")

    def _validate_files(self, files, errors):
        """[(file name, data)] of the accepted uploads; an error for each refused one."""
        env = request.env
        # sudo: the accepted file types are a setting, read for visitors
        allowed = {
            ext.strip().lower()
            for ext in env["ir.config_parameter"]
            .sudo()
            .get_param(PARAM + "allowed_extensions", DEFAULT_EXTENSIONS)
            .split(",")
        }
        max_count = _param("max_attachments", 5)
        files = [f for f in files if f and f.filename]
        if len(files) > max_count:
            errors["attachments"] = env._("At most %(count)s files.", count=max_count)
        attachments = []
        max_bytes = _param("max_attachment_mb", 10) * 1024 * 1024
        for upload in files[:max_count]:
            name = _file_name(upload.filename)
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if extension not in allowed:
                errors["attachments"] = env._(
                    "%(name)s: this type of file is not accepted.", name=name or "-"
                )
                continue
            data = upload.read(max_bytes + 1)
            if len(data) > max_bytes:
                errors["attachments"] = env._(
                    "%(name)s is larger than %(size)s MB.",
                    name=name,
                    size=_param("max_attachment_mb", 10),
                )
                continue
            attachments.append((name, data))
        return attachments

    # ------------------------------------------------------------------------------------------
    # Web form
    # ------------------------------------------------------------------------------------------

    @http.route("/complaint", type="http", auth="public", website=True, sitemap=True)
    def complaint_form(self, **kw):
        self._localise()
        return request.render("complaint_management.complaint_form_page", self._form_values())

    def _form_error(self, post, errors):
        return request.render(
            "complaint_management.complaint_form_page", self._form_values(post, errors)
        )

    def _check_submission_allowed(self, stamp):
        """Single-use stamp and rate limit, enforced under concurrency: a reused stamp is found
        here or, when both submissions run at once, refused by the stamp's unique index at
        creation; the rate limit is a counter row per address (complaint.submit.throttle), not
        a count of complaints. Returns an error message or None."""
        env = request.env
        # sudo: finding a reused stamp whoever sent it (visitors cannot read complaints)
        if (
            env["helpdesk.ticket"]
            .sudo()
            .search_count([("complaint_submit_stamp", "=", stamp)], limit=1)
        ):
            return env._("This form was already sent: your complaint is registered once.")
        limit = _param("rate_limit_per_hour", 5)
        if limit <= 0:  # switched off in the settings
            return None
        # sudo: the counter is technical, written for visitors
        taken = env["complaint.submit.throttle"].sudo()._take(self._ip_hash())
        if taken > limit:
            return env._(
                "Too many complaints were sent from your connection in the last hour: please "
                "try again later or call us."
            )
        return None

    def _prepare_submission_values(self, vals, stamp):
        """The checked form values completed with what the portal itself knows."""
        user = request.env.user
        vals.update(
            {
                "is_complaint": True,
                "channel_id": request.env.ref("complaint_management.channel_portal").id,
                "complaint_submit_ip_hash": self._ip_hash(),
                "complaint_submit_stamp": stamp,
            }
        )
        if not user._is_public() and not vals["complaint_is_anonymous"]:
            vals["complainant_partner_id"] = user.partner_id.id
        return vals

    def _create_complaint(self, vals, attachments):
        """The complaint and its files, all or nothing (a failure rolls back to a savepoint)."""
        # as the superuser (OdooBot), not as the visitor: the complaint, its routing log, its
        # files and its first-contact owner must not name the complainant's own account; the
        # complaint still goes through the same create() and registration pipeline
        Ticket = (
            request.env["helpdesk.ticket"]
            .with_user(SUPERUSER_ID)
            .with_context(mail_create_nosubscribe=True)
        )
        # a failed submission leaves nothing behind: no complaint, no number, no file
        with request.env.cr.savepoint():
            ticket = Ticket.create(vals)
            if attachments:
                ticket.env["ir.attachment"].create(
                    [
                        {
                            "name": name,
                            "datas": base64.b64encode(data),
                            "res_model": "helpdesk.ticket",
                            "res_id": ticket.id,
                        }
                        for name, data in attachments
                    ]
                )
            # written now, as the superuser: a later flush in the visitor's environment
            # would make them the last writer of the complaint
            ticket.env.flush_all()
        return ticket

    def _file_submission(self, vals, stamp, attachments):
        """(complaint, None) or (None, the refusal's message). A refused submission leaves
        nothing behind, not even its count in the address's throttle: the check and the
        creation share one savepoint."""
        env = request.env
        try:
            with env.cr.savepoint():
                refusal = self._check_submission_allowed(stamp)
                if refusal:
                    raise UserError(refusal)
                vals = self._prepare_submission_values(vals, stamp)
                return self._create_complaint(vals, attachments), None
        except (ValidationError, UserError) as error:
            return None, str(error)
        except psycopg2.errors.UniqueViolation:
            # the same form sent twice at the same moment: the stamp's unique index decided
            return None, env._("This form was already sent: your complaint is registered once.")

    @http.route(
        "/complaint/submit", type="http", auth="public", website=True, methods=["POST"], csrf=True
    )
    def complaint_submit(self, **post):
        self._localise()
        files = request.httprequest.files.getlist("attachments")
        vals, attachments, errors = self._validate(post, files)
        if errors:
            return self._form_error(post, errors)
        stamp = post["form_stamp"].partition(".")[0]
        ticket, refusal = self._file_submission(vals, stamp, attachments)
        if refusal:
            return self._form_error(post, {"form": refusal})
        user = request.env.user
        code = ticket.complainant_id.tracking_code
        # redirect after POST: reloading the thank-you page shows it again, files nothing
        request.session["complaint_thanks"] = {
            "number": ticket.number,
            "code": code,
            "my_url": False if user._is_public() else f"/my/complaints/{ticket.id}",
        }
        return request.redirect("/complaint/thanks", code=303)

    @http.route("/complaint/thanks", type="http", auth="public", website=True, methods=["GET"])
    def complaint_thanks(self, **kw):
        thanks = request.session.get("complaint_thanks")
        if not thanks:
            return request.redirect("/complaint")
        return request.render(
            "complaint_management.complaint_thanks_page",
            dict(thanks, track_url=f"/complaint/track/{thanks['number']}/{thanks['code']}"),
        )

    # ------------------------------------------------------------------------------------------
    # Tracking
    # ------------------------------------------------------------------------------------------

    def _find(self, number, code):
        """The complaint with this number and secret code, or raise NotFound (same answer for
        an unknown number and a wrong code)."""
        number = normalise(number or "")
        code = normalise_code(code)
        if not number or not code:
            raise NotFound()
        # sudo: a visitor proves access with the secret code, checked right below
        ticket = (
            request.env["helpdesk.ticket"]
            .sudo()
            .search([("number", "=", number), ("is_complaint", "=", True)], limit=1)
        )
        secret = ticket.complainant_id.tracking_code or ""
        if not ticket or not secret or not consteq(secret, code):
            raise NotFound()
        return ticket

    def _public_messages(self, ticket):
        """The conversation the complainant may see: public replies and their own additions
        (never internal notes), each with who wrote it and its attachments' download links.
        Staff appear as the organisation unless handler names are shown in the settings."""
        comment = request.env.ref("mail.mt_comment")
        complainant = request.env.ref("complaint_management.partner_complainant_author")
        messages = ticket.message_ids.filtered(
            lambda m: m.subtype_id == comment and m.message_type in ("comment", "email")
        ).sorted("date")
        show_names = _param("show_handler_names", False)
        entries = []
        for message in messages:
            # sudo: whether the author is staff is read from their users, not shown
            staff = message.author_id != complainant and message.author_id.sudo().user_ids.filtered(
                lambda u: not u.share
            )
            if not staff:
                author = request.env._("You")
            elif show_names:
                author = message.author_id.name
            else:
                author = ticket.company_id.name
            # sudo: the complainant downloads the files of their own conversation by token
            attachments = message.attachment_ids.sudo()
            tokens = attachments.generate_access_token() if attachments else []
            entries.append(
                {
                    "message": message,
                    "author": author,
                    "mine": not staff,
                    "attachments": [
                        (att.name, f"/web/content/{att.id}?access_token={token}&download=true")
                        for att, token in zip(attachments, tokens, strict=True)
                    ],
                }
            )
        return entries

    def _track_values(self, ticket, code):
        self._localise()
        values = {
            "ticket": ticket,
            "code": code,
            "messages": self._public_messages(ticket),
            "message_text": "",
        }
        values.update(self._prepare_status_values(ticket))
        return values

    def _prepare_status_values(self, ticket):
        """Values the other addons add to the status page (complaint_sla the deadline,
        complaint_survey the survey link), which their templates show: extended in their
        controllers."""
        return {}

    @http.route("/complaint/track", type="http", auth="public", website=True, methods=["GET"])
    def complaint_track_form(self, **kw):
        return request.render("complaint_management.complaint_track_page", {"error": False})

    @http.route(
        "/complaint/track", type="http", auth="public", website=True, methods=["POST"], csrf=True
    )
    def complaint_track_lookup(self, number=None, code=None, **kw):
        try:
            ticket = self._find(number, code)
        except NotFound:
            response = request.render("complaint_management.complaint_track_page", {"error": True})
            response.status_code = 404
            return response
        return request.redirect(f"/complaint/track/{ticket.number}/{normalise_code(code)}")

    @http.route(
        "/complaint/track/<string:number>/<string:code>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
    )
    def complaint_track(self, number, code, **kw):
        ticket = self._find(number, code)
        return request.render(
            "complaint_management.complaint_status_page",
            self._track_values(ticket, ticket.complainant_id.tracking_code),
        )

    @http.route(
        "/complaint/track/<string:number>/<string:code>/message",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        csrf=True,
    )
    def complaint_track_message(self, number, code, message=None, **kw):
        ticket = self._find(number, code)
        code = ticket.complainant_id.tracking_code
        text = CONTROL_RE.sub("", (message or "").strip())
        max_len = _param("max_text_length", 5000)
        files = [f for f in request.httprequest.files.getlist("attachments") if f and f.filename]
        errors = {}
        if len(text) > max_len:  # refused, not cut: the end of a message is no less important
            errors["message"] = request.env._("At most %(limit)s characters.", limit=max_len)
        attachments = self._validate_files(files, errors)
        if errors:
            # said, even when nothing else was sent; the text is given back to send again
            values = self._track_values(ticket, code)
            values.update(error=errors.get("message") or errors["attachments"], message_text=text)
            return request.render("complaint_management.complaint_status_page", values)
        if text or attachments:
            ticket._complaint_post_from_complainant(text, attachments)
        return request.redirect(f"/complaint/track/{ticket.number}/{code}")


class ComplaintCustomerPortal(CustomerPortalHelpdesk):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            values["complaint_count"] = self._my_complaints().search_count(self._my_domain())
        return values

    def _my_complaints(self):
        # sudo: complainants have no access to complaints through the ORM (the identity is not
        # on the ticket); their own complaints are found by their contact, below
        return request.env["helpdesk.ticket"].sudo()

    def _my_domain(self):
        return [
            ("is_complaint", "=", True),
            ("complainant_id.partner_id", "=", request.env.user.partner_id.id),
        ]

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, sortby="date", filterby="all", search=None, **kw):
        Ticket = self._my_complaints()
        domain = self._my_domain()
        filters = {
            "all": [],
            "open": [("closed", "=", False)],
            "closed": [("closed", "=", True)],
        }
        domain += filters.get(filterby, [])
        if search:
            search = search[:100]
            domain += ["|", ("number", "ilike", search), ("name", "ilike", search)]
        orders = {"date": "complaint_received_date desc, id desc", "number": "number desc"}
        order = orders.get(sortby, orders["date"])
        count = Ticket.search_count(domain)
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby, "filterby": filterby, "search": search or ""},
            total=count,
            page=page,
            step=20,
        )
        tickets = Ticket.search(domain, order=order, limit=20, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "tickets": tickets,
                "pager": pager,
                "page_name": "complaints",
                "sortby": sortby,
                "filterby": filterby,
                "search": search or "",
                "default_url": "/my/complaints",
            }
        )
        return request.render("complaint_management.portal_my_complaints", values)

    def _complaint_portal(self):
        """ComplaintPortal as the installed addons extend it: the instance Odoo routes
        /complaint/track to (a bare ComplaintPortal() would miss their status values)."""
        rule, _args = request.env["ir.http"]._match("/complaint/track")
        endpoint = rule.endpoint
        while isinstance(endpoint, functools.partial):  # website rewrites wrap it once more
            endpoint = endpoint.func
        return endpoint.__self__

    @http.route(["/my/complaints/<int:ticket_id>"], type="http", auth="user", website=True)
    def portal_my_complaint(self, ticket_id, access_token=None, **kw):
        # another person's complaint is "not found", like a missing one
        ticket = self._my_complaints().search(self._my_domain() + [("id", "=", ticket_id)], limit=1)
        if not ticket:
            raise NotFound()
        values = self._complaint_portal()._track_values(ticket, ticket.complainant_id.tracking_code)
        values["page_name"] = "complaint"
        return request.render("complaint_management.complaint_status_page", values)

    @http.route(
        ["/my/ticket/<int:ticket_id>", "/my/ticket/<int:ticket_id>/<access_token>"],
        type="http",
        auth="public",
        website=True,
        priority=100,
    )
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        """A complaint opens on our pages only: helpdesk_mgmt's ticket page shows the handler's
        contact details and hands out every attachment of the ticket, internal ones included."""
        # sudo: only whether it is a complaint is read
        if request.env["helpdesk.ticket"].sudo().browse(ticket_id).exists().is_complaint:
            return request.redirect(f"/my/complaints/{ticket_id}")
        return super().portal_my_ticket(ticket_id, access_token=access_token, **kw)


class HelpdeskTicketControllerSecure(HelpdeskTicketController):
    @http.route("/ticket/close", type="http", auth="user", methods=["POST"], csrf=True)
    def support_ticket_close(self, **kw):
        """helpdesk_mgmt's route changes any ticket's stage for any logged-in user: act only on
        a ticket the user may read, only towards a stage offered on the portal."""
        ticket_id = _form_id(kw.get("ticket_id"))
        stage_id = _form_id(kw.get("stage_id"))
        ticket = request.env["helpdesk.ticket"].browse(ticket_id).exists()
        try:
            ticket.check_access("read")
        except AccessError as error:
            raise NotFound() from error
        if not ticket:
            raise NotFound()
        # no sudo: portal and internal users read stages, in their companies only
        stage = request.env["helpdesk.ticket.stage"].browse(stage_id).exists()
        if stage.close_from_portal:
            # sudo: portal users may not write tickets; the allowed transition is checked above
            ticket.sudo().stage_id = stage
        return request.redirect(f"/my/ticket/{ticket.id}", code=302)
