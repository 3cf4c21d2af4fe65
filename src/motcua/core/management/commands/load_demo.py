"""manage.py load_demo: everything needed to try the system, safe to run on every start (`make run`)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.urls import reverse

from motcua.agencies.demo import DEMO_PASSWORD, DemoAccount, load_demo_agencies
from motcua.agencies.models import AdministrativeUnit
from motcua.agencies.services import roles_sync
from motcua.catalog.demo import assign_demo_agencies, load_demo_catalog
from motcua.dossiers.alerts import dossiers_flag_at_risk
from motcua.dossiers.demo import load_demo_dossiers


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: vai trò, đơn vị hành chính, cơ quan và tài khoản tỉnh Thái Nguyên, thủ tục mẫu."

    def handle(self, *args, **options):
        roles_sync()
        if not AdministrativeUnit.objects.exists():
            call_command("load_units", quiet=True)
        accounts = load_demo_agencies()
        load_demo_catalog()
        assign_demo_agencies()
        load_demo_dossiers()
        # The periodic job runs under Celery beat in production; run it once so leaders see today's alerts.
        dossiers_flag_at_risk()
        if options["verbosity"] > 0:
            self._print_accounts(accounts)
            self._print_urls()

    def _print_accounts(self, accounts: list[DemoAccount]) -> None:
        rows = [("Vai trò", "Cơ quan", "Tên đăng nhập", "Mật khẩu")]
        rows += [(a.role, a.agency or "—", a.username, DEMO_PASSWORD) for a in accounts]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write(
            self.style.MIGRATE_HEADING("\nTài khoản dùng thử (dữ liệu mẫu, cùng một mật khẩu):")
        )
        rows.insert(1, tuple("-" * width for width in widths))
        for row in rows:
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(f"  {line}".rstrip())

    def _print_urls(self) -> None:
        base = settings.PUBLIC_BASE_URL.rstrip("/")
        self.stdout.write(self.style.MIGRATE_HEADING("\nĐịa chỉ:"))
        for label, url_name in [
            ("Cổng dịch vụ công", "portal:home"),
            ("Đăng nhập", "accounts:login"),
            ("Một cửa điện tử (cán bộ)", "backoffice:dashboard"),
            ("Trang quản trị", "admin:index"),
            ("Tài liệu API", "api:docs"),
        ]:
            self.stdout.write(f"  {label}: {base}{reverse(url_name)}")
