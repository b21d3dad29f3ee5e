// class-transformer ships its metadata storage without a typing for this deep import.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
