import { Global, Module } from '@nestjs/common';
import { ContactExtensions } from './contact-extensions';

@Global()
@Module({ providers: [ContactExtensions], exports: [ContactExtensions] })
export class ContactExtensionsModule {}
