"""manage.py load_units: the 34 provinces and 3,321 communes (two tiers since 1/7/2025)."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from motcua.agencies.services import administrative_units_load, administrative_units_total


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính (34 tỉnh, thành phố và 3.321 xã, phường, đặc khu) từ vietnam-provinces."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args, quiet=False, **options):
        show_progress = not quiet and options["verbosity"] > 0 and sys.stderr.isatty()
        with tqdm(
            total=administrative_units_total(), unit=" đơn vị", disable=not show_progress, file=sys.stderr
        ) as bar:
            counts = administrative_units_load(on_progress=bar.update)
        if not quiet and options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã nạp {counts['provinces']} tỉnh, thành phố và {counts['communes']} xã, phường, đặc khu."
                )
            )
