"""The client action that shows the user a notification (Odoo's ``display_notification``), built
in one place for every button and wizard of the suite."""

from types import MappingProxyType

# the default next step: close the dialog the button was in
CLOSE_WINDOW = MappingProxyType({"type": "ir.actions.act_window_close"})


def notification_action(
    message, notification_type="info", title=None, sticky=False, next_action=CLOSE_WINDOW
):
    """A ``display_notification`` client action showing ``message`` (under ``title`` if given)
    as a notification of ``notification_type`` (info, success, warning, danger), kept on screen
    until dismissed when ``sticky``, then running ``next_action`` (an action dict; None: none)."""
    params = {"type": notification_type}
    if title:
        params["title"] = title
    params["message"] = message
    if sticky:
        params["sticky"] = True
    if next_action:
        params["next"] = dict(next_action)
    return {"type": "ir.actions.client", "tag": "display_notification", "params": params}
