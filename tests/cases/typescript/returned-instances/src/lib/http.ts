import axios from "axios";

export const bank = axios.create({ baseURL: process.env.BANK_URL });
