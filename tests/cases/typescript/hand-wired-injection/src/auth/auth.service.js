export class AuthService {
  constructor(authRepository) {
    this.authRepository = authRepository;
  }
  signUp = async (name) => {
    await this.authRepository.create(name);
  };
}
