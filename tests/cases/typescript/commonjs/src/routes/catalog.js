const express = require("express");
const { listCategories, exportCategories, countCategories } = require("../services/catalog");

const router = express.Router();
router.get("/categories", listCategories);
router.get("/categories/export", exportCategories);
router.get("/categories/count", countCategories);

module.exports = router;
