const express = require('express');
const router = express.Router();
const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient(); // PC103 -- a second pool in the server process
router.get('/', async (req, res) => res.json(await prisma.job.findMany()));
module.exports = router;
