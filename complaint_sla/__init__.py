from . import controllers, models, report, wizards


def post_init_hook(env):
    """Installed on a database with open complaints: start their clocks."""
    env["complaint.clock"]._backfill_clocks()
