import app from "./index.js";
app.listen(3000);
