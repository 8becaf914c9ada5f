/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The published read model, handed in by the publisher (pages never query the database). */
    model: import('@core/model.ts').SiteModel;
    /** The validated settings in force (origin, notice periods, standing window, service levels): pages state these, never defaults of their own. */
    settings: import('@core/settings.ts').SiteSettings;
    /** The operator API's operations, for the reference pages (absent: they link to the document instead). */
    apiReference?: import('@publish/api-reference.ts').ApiReference;
  }
}
