// Handlers exported from a service module and registered by routes/catalog.js; two are
// wrapped by express-async-handler (plante-store's services).
const asyncHandler = require("express-async-handler");
const { PrismaClient } = require("@prisma/client");
const Features = require("../lib/features");
const Format = require("../lib/format");
const prisma = require("../lib/prisma");

exports.listCategories = async (req, res) => {
  const features = new Features();
  res.json(await features.list("category"));
};

exports.exportCategories = asyncHandler(async (req, res) => {
  const db = new PrismaClient(); // PC101
  res.json(await db.category.findMany());
});

exports.countCategories = asyncHandler(async (req, res) => {
  const fmt = new Format();
  res.json({ n: await prisma.category.count(), at: fmt.at });
});
