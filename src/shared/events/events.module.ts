import { Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Events } from './events';

@Global()
@Module({ imports: [EventEmitterModule.forRoot({ wildcard: false })], providers: [Events], exports: [Events] })
export class EventsModule {}
