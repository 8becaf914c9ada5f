/**
 * E-mail subscribers (issue 11), the subscriber's side: `createSubscriptionService` takes sign-ups
 * (double opt-in, throttled, the same answer whatever the address) and gives the mail channel its
 * `subscriberLinks` (`service.links`); the store's functions confirm, manage, unsubscribe and
 * expire. The door's routes are api/http/routes/subscription.ts.
 */
export { type FormFields, formLanguage, parseChoices, parseEmail, type SubscriptionChoices } from './choices.ts';
export { sitePageUrl, subscriberLinks, subscriptionUrl } from './links.ts';
export {
  createSubscriptionService,
  type SignUpAnswer,
  type SubscriptionOptions,
  type SubscriptionService,
} from './service.ts';
export {
  CONFIRM_WINDOW_MS,
  componentCatalogue,
  componentsExist,
  confirmSubscription,
  expireUnconfirmed,
  saveChoices,
  confirmedSubscriber,
  unsubscribe,
} from './store.ts';
export { createThrottle, type Throttle } from './throttle.ts';
export { loadSubscriptionSecret, type SubscriptionSecret } from './secret.ts';
export { manageToken, manageTokenId, plausibleToken } from './tokens.ts';
