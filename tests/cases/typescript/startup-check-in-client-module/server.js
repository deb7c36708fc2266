const express = require('express');
const app = express();
app.use('/users', require('./routes/users'));
app.use('/verification', require('./routes/verification'));
app.listen(3000);
