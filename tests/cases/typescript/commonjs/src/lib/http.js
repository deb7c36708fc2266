const fetch = require("node-fetch");
exports.postJson = async (url, body) => {
  const r = await fetch(url, { method: "POST", body: JSON.stringify(body) });
  return r.json();
};
