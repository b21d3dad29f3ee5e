// The package exports './plugin' at runtime; its typings sit under dist/ (not reachable with node10 resolution).
declare module '@nestjs/swagger/plugin' {
  export * from '@nestjs/swagger/dist/plugin';
}
