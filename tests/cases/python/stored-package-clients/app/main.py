import boto3
from fastapi import FastAPI
from firebase_admin import firestore
from prisma import Prisma

db = Prisma()
app = FastAPI()


@app.post("/orders")
async def create_order():
    async with db.tx() as tx:
        await tx.order.create(data={})
        s3 = boto3.client("s3")  # building the client stays in the process
        s3.put_object(Bucket="b", Key="k", Body=b"")  # PC201 -- the upload is the call
        boto3.client("s3").put_object(Bucket="b", Key="k", Body=b"")  # PC201:9 -- one finding for the chain
        store = firestore.client()
        store.collection("orders").add({})  # PC201


@app.post("/drafts")
async def create_draft():
    # a client built inside the transaction and used only after it
    async with db.tx() as tx:
        await tx.draft.create(data={})
        s3 = boto3.client("s3")
    s3.put_object(Bucket="b", Key="k", Body=b"")
