"""`python -m motcua.payments.sandbox --port 8765`: see the package docstring."""

import argparse
import os

from . import signing
from .server import Sandbox, make_server


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m motcua.payments.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--merchant-url", default="http://127.0.0.1:8000", help="where Một Cửa runs")
    parser.add_argument("--ipn-url", help="VNPay IPN URL (default: <merchant-url>/thanh-toan/vnpay/ipn/)")
    parser.add_argument(
        "--dvcqg-confirm-url", help="DVCQG CONFIRM URL (default: <merchant-url>/thanh-toan/dvcqg/xac-nhan/)"
    )
    args = parser.parse_args(argv)
    merchant = args.merchant_url.rstrip("/")
    sandbox = Sandbox(
        vnpay_secret=os.environ.get("VNPAY_HASH_SECRET", signing.VNPAY_TEST_SECRET),
        tmn_code=os.environ.get("VNPAY_TMN_CODE", signing.VNPAY_TEST_TMN_CODE),
        ipn_url=args.ipn_url or f"{merchant}/thanh-toan/vnpay/ipn/",
        dvcqg_secret=os.environ.get("DVCQG_PAYMENT_SECRET", signing.DVCQG_TEST_SECRET),
        dvcqg_partner=os.environ.get("DVCQG_PARTNER_CODE", signing.DVCQG_TEST_PARTNER),
        dvcqg_confirm_url=args.dvcqg_confirm_url or f"{merchant}/thanh-toan/dvcqg/xac-nhan/",
    )
    server = make_server(args.host, args.port, sandbox)
    print(
        f"Cổng thanh toán thử nghiệm: http://{args.host}:{server.server_port}/ (Ctrl+C để dừng)", flush=True
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
