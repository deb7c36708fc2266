from app.lib.labels import labels
from app.lib.s3 import s3_client


class Storage:
    def __init__(self) -> None:
        self.s3 = s3_client
        self.labels = labels

    def upload(self, key: str) -> None:
        self.s3.put_object(Bucket="b", Key=key, Body=b"")

    def label(self, key: str) -> str:
        return self.labels.format(key)


storage = Storage()
