/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    services: import('./http/types.ts').RequestServices;
  }
}
