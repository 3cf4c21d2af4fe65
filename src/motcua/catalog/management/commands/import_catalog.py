"""manage.py import_catalog PATH: load a catalogue file (JSON or XLSX), all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.importing import import_catalog


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục từ tệp JSON hoặc XLSX; nếu có dòng sai thì không nhập gì và liệt kê mọi dòng sai."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--format", dest="fmt", choices=["json", "xlsx"], help="mặc định: theo phần mở rộng của tệp"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra, không ghi vào cơ sở dữ liệu"
        )

    def handle(self, *args, path, fmt=None, dry_run=False, **options):
        try:
            report = import_catalog(path, fmt=fmt, dry_run=dry_run)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Không nhập gì: {len(report.errors)} lỗi trong tệp {path}.")
        if report.result is None:
            self.stdout.write(self.style.SUCCESS(f"Tệp hợp lệ: {report.procedures} thủ tục (chưa nhập)."))
            return
        for warning in report.result.warnings:
            self.stdout.write(self.style.WARNING(warning))
        result = report.result
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {report.procedures} thủ tục: {result.created} mới, "
                f"{result.updated} cập nhật, {result.unchanged} không đổi."
            )
        )
