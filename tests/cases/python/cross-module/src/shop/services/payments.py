from .gateway import format_amount, post_order


async def create_order(amount: int) -> dict:
    order = await post_order(amount)
    order["label"] = format_amount(amount)
    return order


def label(amount: int) -> str:
    return format_amount(amount)
