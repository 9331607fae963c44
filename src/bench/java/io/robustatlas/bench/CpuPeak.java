package io.robustatlas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The FP32 peak that "% of peak" refers to: cores × clock × 2 FMA units × SIMD lanes × 2 FLOP per
 * FMA, with the clock and the SIMD width (AVX-512: 16 lanes, AVX2: 8, else 4) read from {@code
 * /proc/cpuinfo}. Two FMA units per core holds for recent x86 server cores (Zen 2+, Skylake-SP
 * Gold/Platinum); the clock is the one the kernel reports, not a turbo clock.
 *
 * @param model CPU model name
 * @param megahertz reported clock of the first core, NaN if unknown
 * @param lanes floats per SIMD register
 * @param isa the widest SIMD extension found
 */
record CpuPeak(String model, double megahertz, int lanes, String isa) {
  private static final int FMA_UNITS = 2;

  static CpuPeak detect() {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException e) {
      return new CpuPeak("unknown", Double.NaN, 8, "unknown");
    }
    String flags = " " + field(lines, "flags", "") + " ";
    double mhz = Double.parseDouble(field(lines, "cpu MHz", "NaN"));
    String model = field(lines, "model name", "unknown");
    if (flags.contains(" avx512f ")) {
      return new CpuPeak(model, mhz, 16, "AVX-512");
    }
    if (flags.contains(" avx2 ") && flags.contains(" fma ")) {
      return new CpuPeak(model, mhz, 8, "AVX2+FMA");
    }
    return new CpuPeak(model, mhz, 4, "SSE");
  }

  /** Peak GFLOP/s of {@code cores} cores. */
  double gflops(int cores) {
    return cores * megahertz * 1e6 * FMA_UNITS * lanes * 2 / 1e9;
  }

  String describe() {
    return String.format(
        "%s, %s (%d fp32 lanes), %.0f MHz: peak %.1f GFLOP/s per core"
            + " = clock x %d FMA units x %d lanes x 2 FLOP",
        model, isa, lanes, megahertz, gflops(1), FMA_UNITS, lanes);
  }

  private static String field(List<String> lines, String name, String fallback) {
    return lines.stream()
        .filter(line -> line.startsWith(name) && line.indexOf(':') > 0)
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst()
        .orElse(fallback);
  }
}
