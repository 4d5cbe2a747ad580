import { Global, Module } from '@nestjs/common';
import { OnboardingRegistry } from './onboarding.registry';

@Global()
@Module({ providers: [OnboardingRegistry], exports: [OnboardingRegistry] })
export class OnboardingModule {}
