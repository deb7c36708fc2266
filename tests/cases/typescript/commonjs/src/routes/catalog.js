const express = require("express");
const { listCategories, countCategories } = require("../services/catalog");

const router = express.Router();
router.get("/categories", listCategories);
router.get("/categories/count", countCategories);

module.exports = router;
