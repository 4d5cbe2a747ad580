/** What a route receives from `FileInterceptor` (multer, in memory). */
export interface UploadedFileLike {
  buffer: Buffer;
  originalname: string;
  size: number;
  mimetype: string;
}
