from app.db import db
from app.repos import make_repo

repo = make_repo(db)
