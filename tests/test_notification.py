"""complaint_management.tools.notification builds the display_notification client actions the
buttons and wizards return: the same dicts they wrote out by hand before."""

from complaint_management.tools.notification import CLOSE_WINDOW, notification_action

CLOSE = {"type": "ir.actions.act_window_close"}


def test_a_notification_closes_the_dialog_by_default():
    assert notification_action("3 of 4 complaints moved to another unit.") == {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {
            "type": "info",
            "message": "3 of 4 complaints moved to another unit.",
            "next": CLOSE,
        },
    }


def test_type_title_sticky_and_next_action_are_passed_on():
    action = notification_action(
        "The workbook will arrive in your inbox.",
        "warning",
        title="Export queued",
        sticky=True,
        next_action={"type": "ir.actions.client", "tag": "reload"},
    )
    assert action["params"] == {
        "type": "warning",
        "title": "Export queued",
        "message": "The workbook will arrive in your inbox.",
        "sticky": True,
        "next": {"type": "ir.actions.client", "tag": "reload"},
    }
    plain = notification_action("12 categories loaded.", "success", next_action=None)
    assert plain["params"] == {"type": "success", "message": "12 categories loaded."}


def test_each_action_gets_its_own_next_dict():
    first, second = notification_action("a"), notification_action("b")
    first["params"]["next"]["type"] = "changed"
    assert second["params"]["next"] == CLOSE
    assert dict(CLOSE_WINDOW) == CLOSE
