export class AuthController {
  constructor(authService) {
    this.authService = authService;
  }
  signUp = async (req, res) => {
    await this.authService.signUp(req.body.name);
    res.sendStatus(201);
  };
}
