"""A small documented route for external platforms, beside Odoo's JSON-2 API: the same model
method behind both, JSON in and out, errors as ``{"error": {"code", "message", "field"}}``.

    POST /complaint/api/v1/<platform code>/complaints          register a work order
    GET  /complaint/api/v1/<platform code>/complaints/<ref>    its number and status

Authorization: ``Bearer <API key of the platform's integration user>``. Nothing is created
when the answer is an error.
"""

import json
import logging
import re

from psycopg2 import OperationalError

from odoo import http
from odoo.exceptions import AccessDenied, ConcurrencyError
from odoo.http import request

from ..models.helpdesk_ticket_platform import ComplaintApiError

_logger = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # bytes; a work order is a few kilobytes
BEARER_RE = re.compile(r"^bearer\s+(\S{1,200})$", re.IGNORECASE)
PREFIX = "/complaint/api/v1/<string:platform_code>/complaints"


class ComplaintApi(http.Controller):
    def _api_response(self, body, status=200):
        return request.make_json_response(body, status=status)

    def _api_error(self, error):
        # nothing of a refused call is kept (a note, a number's reservation aside)
        request.env.cr.rollback()
        body = {"error": {"code": error.code, "message": error.args[0], "field": error.field}}
        return self._api_response(body, status=error.http_status)

    def _api_authenticate(self):
        """Switch to the user of the bearer API key, or raise unauthorized."""
        header = request.httprequest.headers.get("Authorization") or ""
        match = BEARER_RE.match(header.strip())
        uid = None
        if match:
            # the same check as Odoo's bearer authentication (a key of scope rpc or global)
            uid = request.env["res.users.apikeys"]._check_credentials(
                scope="rpc", key=match.group(1)
            )
        if not uid:
            raise ComplaintApiError(
                "unauthorized",
                request.env._("Give the API key of the integration user as a Bearer token."),
            )
        request.update_env(user=uid)
        request.session.can_save = False

    def _api_json_body(self):
        length = request.httprequest.content_length
        # a body announced too large is not read at all (werkzeug bounds an unannounced one)
        data = b"" if length and length > MAX_BODY else request.httprequest.get_data(cache=False)
        if (length and length > MAX_BODY) or len(data) > MAX_BODY:
            raise ComplaintApiError(
                "payload_too_large",
                request.env._("The body is larger than %(size)s bytes.", size=MAX_BODY),
            )
        try:
            return json.loads(data.decode() or "null")
        except (ValueError, UnicodeDecodeError):
            raise ComplaintApiError(
                "invalid_json", request.env._("The body is not valid UTF-8 JSON.")
            ) from None

    def _api_call(self, method, *args):
        """Run ``method`` of helpdesk.ticket as the key's user; (result, None) or (None,
        error response)."""
        try:
            self._api_authenticate()
            return getattr(request.env["helpdesk.ticket"], method)(*args), None
        except ComplaintApiError as error:
            return None, self._api_error(error)
        except AccessDenied:
            return None, self._api_error(
                ComplaintApiError("unauthorized", request.env._("Authentication failed."))
            )
        except (ConcurrencyError, OperationalError):
            raise  # a concurrent transaction: Odoo retries the request
        except Exception:
            _logger.exception("Complaint API: %s failed", method)
            request.env.cr.rollback()
            body = {
                "error": {
                    "code": "internal_error",
                    "message": request.env._("The complaint could not be registered."),
                    "field": None,
                }
            }
            return None, self._api_response(body, status=500)

    @http.route(
        PREFIX,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def complaint_api_register(self, platform_code, **_kwargs):
        try:
            payload = self._api_json_body()
        except ComplaintApiError as error:
            return self._api_error(error)
        result, error = self._api_call("complaint_register_from_platform", platform_code, payload)
        if error:
            return error
        return self._api_response(result, status=201 if result["created"] else 200)

    @http.route(
        f"{PREFIX}/<string:external_ref>",
        type="http",
        auth="public",
        methods=["GET"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def complaint_api_status(self, platform_code, external_ref, **_kwargs):
        result, error = self._api_call("complaint_platform_status", platform_code, external_ref)
        return error or self._api_response(result)
