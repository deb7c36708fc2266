import express from 'express';
import authRouter from './auth/auth.router.js';
import postsRouter from './posts/posts.router.js';
import filesRouter from './files/files.router.js';
const app = express();
app.use('/auth', authRouter);
app.use(postsRouter);
app.use(filesRouter);
app.listen(3000);
