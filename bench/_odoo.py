"""Shared bench helpers: open the scratch database of setup/bench in an Odoo environment."""

import contextlib
import os
import time

import odoo
from odoo import api
from odoo.modules.registry import Registry


def environment():
    """(registry, db name): Odoo configured from setup/bench's config file and database."""
    conf, db = os.environ["BENCH_CONF"], os.environ["BENCH_DB"]
    odoo.tools.config.parse_config(["-c", conf, "-d", db])
    odoo.modules.module.initialize_sys_path()
    return Registry(db), db


@contextlib.contextmanager
def env_cursor(registry, context=None):
    with registry.cursor() as cr:
        yield api.Environment(cr, api.SUPERUSER_ID, context or {})


class Measure:
    """Wall time and SQL query count of a block: `with Measure(cr) as m: ...; m.seconds`."""

    def __init__(self, cr):
        self.cr = cr

    def __enter__(self):
        self.queries = self.cr.sql_log_count
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.queries = self.cr.sql_log_count - self.queries
        return False
