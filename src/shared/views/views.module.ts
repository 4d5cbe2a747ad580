import { Global, Module } from '@nestjs/common';
import { NavigationRegistry } from './navigation.registry';

@Global()
@Module({ providers: [NavigationRegistry], exports: [NavigationRegistry] })
export class ViewsModule {}
