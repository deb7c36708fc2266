from .payments import create_order
from .notify import write_notification, write_notification_in

__all__ = ["create_order", "write_notification", "write_notification_in"]
