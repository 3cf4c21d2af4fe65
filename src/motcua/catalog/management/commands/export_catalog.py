"""manage.py export_catalog PATH [--format json|xlsx]: write the whole catalogue in the import format."""

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.exporting import export_catalog


class Command(BaseCommand):
    help = "Xuất toàn bộ danh mục thủ tục ra tệp JSON hoặc XLSX (định dạng mà import_catalog đọc được)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--format", dest="fmt", choices=["json", "xlsx"], help="mặc định: theo phần mở rộng của tệp"
        )

    def handle(self, *args, path, fmt=None, **options):
        try:
            count = export_catalog(path, fmt=fmt)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {count} thủ tục vào {path}."))
