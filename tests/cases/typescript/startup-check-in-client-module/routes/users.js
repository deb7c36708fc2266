const express = require('express');
const router = express.Router();
const prisma = require('../db');
router.get('/', async (req, res) => res.json(await prisma.user.findMany()));
module.exports = router;
