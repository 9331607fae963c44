package io.robustatlas.meta.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The engine's file format for a meta-network that DL4J cannot load (the {@code gru} and {@code
 * transformer} bodies): a zip of two entries. {@code network.json} holds {@code format} ({@value
 * #FORMAT}), {@code version} (1), the body, the inputs (name, width, in order), {@code embed},
 * {@code layers}, {@code heads}, {@code ff}, the loss, and every parameter's {@code name}, {@code
 * rows}, {@code cols} and {@code offset}; {@code params.bin} holds the parameters as little-endian
 * float32, each row-major {@code rows × cols} at its offset. A Java user loads it with {@link
 * #read} and scores standardised rows with {@link NetTrainer#predict(MetaNet, Examples)}; any other
 * language can read it with a JSON parser and a float array. Entries carry a fixed time, so the
 * same network gives the same bytes.
 */
public final class NetFile {
  /** The {@code format} value of {@code network.json}. */
  public static final String FORMAT = "robustness-atlas-meta-engine";

  private static final int VERSION = 1;
  private static final String JSON = "network.json";
  private static final String PARAMS = "params.bin";
  private static final long FIXED_TIME = 315_532_800_000L; // 1980-01-01, the zip epoch
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NetFile() {}

  /** {@code network.json}'s content. */
  record Header(
      String format, int version, String body, List<NetSpec.Input> inputs, int embed, int layers,
      int heads, int ff, String loss, List<ParamLayout.Param> params) {}

  /** The network as a zip. */
  public static byte[] write(MetaNet net) throws IOException {
    NetSpec spec = net.spec();
    Header header =
        new Header(FORMAT, VERSION, spec.body().toString(), spec.inputs(), spec.embed(),
            spec.layers(), spec.heads(), spec.ff(), spec.loss().name(), net.layout().params());
    ByteBuffer params = ByteBuffer.allocate(4 * net.params().length).order(ByteOrder.LITTLE_ENDIAN);
    params.asFloatBuffer().put(net.params());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      entry(zip, JSON, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(header));
      entry(zip, PARAMS, params.array());
    }
    return bytes.toByteArray();
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(FIXED_TIME);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  /**
   * The network in {@code in}.
   *
   * @throws IOException if it is not this format, or its parameters do not fit its description
   */
  public static MetaNet read(InputStream in) throws IOException {
    Header header = null;
    byte[] params = null;
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.getName().equals(JSON)) {
          header = MAPPER.readValue(zip.readAllBytes(), Header.class);
        } else if (entry.getName().equals(PARAMS)) {
          params = zip.readAllBytes();
        }
      }
    }
    if (header == null || params == null || !FORMAT.equals(header.format()) || header.version() != VERSION) {
      throw new IOException("Not a " + FORMAT + " version " + VERSION + " zip (needs " + JSON + " and " + PARAMS + ")");
    }
    MetaNet net = MetaNet.create(spec(header), 0);
    if (!net.layout().params().equals(header.params()) || params.length != 4 * net.params().length) {
      throw new IOException("The zip's parameters do not fit its network: " + header.params());
    }
    ByteBuffer.wrap(params).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(net.params());
    net.refreshTransposed();
    return net;
  }

  private static NetSpec spec(Header header) throws IOException {
    try {
      return new NetSpec(
          NetSpec.Body.valueOf(header.body().toUpperCase(java.util.Locale.ROOT)), header.inputs(),
          header.embed(), header.layers(), header.heads(), header.ff(),
          NetSpec.Loss.valueOf(header.loss()));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IOException("Not a meta-network: " + header, e);
    }
  }
}
