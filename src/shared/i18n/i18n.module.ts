import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { ModuleCatalogues } from './catalogue';
import { LanguageController } from './language.controller';
import { createTranslator, Translator } from './translator';

/** The message store (injectable as Translator) and the language switch. */
@Global()
@Module({})
export class I18nModule {
  static forRoot(catalogues: Record<string, ModuleCatalogues>): DynamicModule {
    return {
      module: I18nModule,
      controllers: [LanguageController],
      providers: [{ provide: Translator, useValue: createTranslator(catalogues) }],
      exports: [Translator],
    };
  }
}
