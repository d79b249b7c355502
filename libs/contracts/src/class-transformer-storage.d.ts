// class-transformer keeps its decorator metadata (@Expose, @Type, @Transform) in this module and
// exports no accessor for it; the compiled message check reads it to know what plainToInstance
// would do. The lookups used, typed as they behave: undefined when a property has no such decorator.
declare module 'class-transformer/cjs/storage' {
  import type {
    ExcludeMetadata,
    ExposeMetadata,
    TransformationType,
    TransformMetadata,
    TypeMetadata,
  } from 'class-transformer';

  interface TransformerMetadataStorage {
    findExposeMetadata(target: object, propertyName: string): ExposeMetadata | undefined;
    findExcludeMetadata(target: object, propertyName: string): ExcludeMetadata | undefined;
    findTypeMetadata(target: object, propertyName: string): TypeMetadata | undefined;
    findTransformMetadatas(
      target: object,
      propertyName: string,
      transformationType: TransformationType,
    ): TransformMetadata[];
  }

  export const defaultMetadataStorage: TransformerMetadataStorage;
}
