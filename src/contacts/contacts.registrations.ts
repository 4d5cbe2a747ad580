import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NavigationRegistry } from '../shared/views/navigation.registry';

/** The contacts module's links in the space's navigation and settings. */
@Injectable()
export class ContactsRegistrations implements OnModuleInit {
  constructor(private readonly navigation: NavigationRegistry) {}

  onModuleInit() {
    this.navigation.register({
      path: 'contacts',
      labelKey: 'contacts:nav.contacts',
      permission: 'contacts.view',
      order: 5,
    });
    this.navigation.registerSettings(
      {
        path: 'settings/support-levels',
        labelKey: 'contacts:nav.supportLevels',
        permission: 'space.settings',
        order: 10,
      },
      { path: 'settings/contacts', labelKey: 'contacts:gdpr.settings.nav', permission: 'contacts.gdpr', order: 11 },
    );
  }
}
