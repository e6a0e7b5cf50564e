// piexifjs ships no types; only what the test fixtures use (writing EXIF with GPS into a JPEG).
declare module 'piexifjs' {
  const piexif: {
    ImageIFD: Record<string, number>;
    ExifIFD: Record<string, number>;
    GPSIFD: Record<string, number>;
    dump(exif: Record<string, Record<number, unknown>>): string;
    insert(exif: string, jpegBinary: string): string;
  };
  export default piexif;
}
