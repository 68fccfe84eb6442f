import re

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase

CJK = re.compile(r"[\u4e00-\u9fff]")
TEXT_ATTRIBUTES = ("string", "help", "title", "placeholder")


@tagged("post_install", "-at_install")
class TestSettingsView(ComplaintCase):
    """Settings > Complaints (with complaint_survey's block): every input has its own label,
    the texts speak to an administrator, and a Chinese administrator reads them in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.administrator = new_test_user(
            cls.env,
            login="cm_settings_admin",
            groups="base.group_system,complaint_management.group_complaint_manager",
        )

    def _complaint_app(self, lang="en_US"):
        Settings = (
            self.env["res.config.settings"].with_user(self.administrator).with_context(lang=lang)
        )
        arch = Settings.get_views([(False, "form")])["views"]["form"]["arch"]
        [app] = etree.fromstring(arch).xpath("//app[@name='complaint_management']")
        return app

    def test_every_input_of_the_complaint_settings_has_a_label(self):
        app = self._complaint_app()
        settings = app.xpath(".//setting")
        self.assertGreaterEqual(len(settings), 12)
        for setting in settings:
            children = list(setting)
            # Odoo's setting widget labels only a field that comes first, with the setting's
            # own string (or the field's)
            first = children[0] if children and children[0].tag == "field" else None
            labelled = {label.get("for") for label in setting.xpath(".//label")}
            for field in setting.xpath(".//field"):
                name = field.get("name")
                with self.subTest(setting=setting.get("string"), field=name):
                    self.assertTrue(field is first or name in labelled, "an input without label")

    def test_settings_texts_do_not_cite_the_specification(self):
        for node in self._complaint_app().iter():
            for attribute in TEXT_ATTRIBUTES:
                self.assertNotIn("SPEC", node.get(attribute) or "", etree.tostring(node)[:200])
        help_text = self.env["helpdesk.ticket.channel"]._fields["complaint_implies_authority"].help
        self.assertNotIn("SPEC", help_text)

    def test_a_chinese_administrator_reads_the_complaint_settings_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        # the addons of the suite that add a block to the page, when installed
        modules = self.env["ir.module.module"].search(
            [("name", "like", "complaint\\_%"), ("state", "=", "installed")]
        )
        self.env["ir.module.module"]._load_module_terms(
            modules.mapped("name"), ["zh_CN"], overwrite=True
        )
        app = self._complaint_app(lang="zh_CN")
        for node in app.xpath(".//block | .//setting | .//label | .//field | .//button"):
            for attribute in TEXT_ATTRIBUTES:
                text = node.get(attribute)
                if text and re.search(r"[A-Za-z]", text):  # not a date placeholder (12-01)
                    with self.subTest(text=text):
                        self.assertRegex(text, CJK, "not translated")

    def test_web_form_limits_a_public_form_cannot_live_with_are_refused(self):
        Settings = self.env["res.config.settings"].with_user(self.administrator)
        params = self.env["ir.config_parameter"].sudo()
        before = params.get_param("complaint_management.portal_max_attachments")
        for values, message in (
            ({"complaint_portal_max_attachments": -1}, "Attachments per complaint cannot be"),
            ({"complaint_portal_max_attachment_mb": -5}, "Size of each attachment (MB) cannot"),
            ({"complaint_portal_rate_limit_per_hour": -1}, "cannot be negative"),
            ({"complaint_portal_min_fill_seconds": -3}, "cannot be negative"),
            ({"complaint_portal_max_text_length": 20}, "at least 200 characters"),
        ):
            with self.assertRaises(ValidationError, msg=values) as caught:
                Settings.create(values).execute()
            self.assertIn(message, str(caught.exception))
        self.assertEqual(params.get_param("complaint_management.portal_max_attachments"), before)
        # the limits an administrator may choose
        Settings.create(
            {
                "complaint_portal_max_attachments": 0,
                "complaint_portal_max_text_length": 2000,
                "complaint_portal_rate_limit_per_hour": 0,
            }
        ).execute()
        self.assertEqual(params.get_param("complaint_management.portal_max_text_length"), "2000")
