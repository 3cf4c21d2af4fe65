"""Money is whole đồng (VND has no minor unit in practice)."""


def format_vnd(amount: int | None) -> str:
    """12500 -> '12.500 đồng'."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " đồng"
