from app.db import db
from app.repositories.users import UserRepo
from app.services.users import UserService

user_repo = UserRepo(db)
user_service = UserService(user_repo)
