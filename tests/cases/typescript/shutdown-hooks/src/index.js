import express from 'express'
import users from './routes/users.js'

const app = express()
app.use('/auth', users)
app.listen(3000)
