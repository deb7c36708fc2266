from app.db import db
from app.services import make_note_service, make_tag_service

notes = make_note_service(db)
tags = make_tag_service(db)
