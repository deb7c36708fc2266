import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { findUser } from './auth';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await findUser(1);
  await app.listen(3000);
}
bootstrap();
