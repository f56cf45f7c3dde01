// Reads (rows, cols, rows × cols float32 luminance) records from stdin and prints, for each, the quality and
// the eight dihedral PDQ hashes computed by the reference C++ (ThreatExchange pdq/cpp). Built by build.sh.
#include <pdq/cpp/hashing/pdqhashing.h>
#include <cstdio>
#include <vector>
using namespace facebook::pdq::hashing;
int main() {
  int rows, cols;
  while (fread(&rows, 4, 1, stdin) == 1 && fread(&cols, 4, 1, stdin) == 1) {
    std::vector<float> b1(rows * cols), b2(rows * cols);
    if (fread(b1.data(), 4, rows * cols, stdin) != (size_t)(rows * cols)) return 1;
    float b64[64][64], b16x64[16][64], b16[16][16], aux[16][16];
    Hash256 h[8]; int quality;
    pdqDihedralHash256esFromFloatLuma(b1.data(), b2.data(), rows, cols, b64, b16x64, b16, aux, &h[0], &h[1], &h[2], &h[3], &h[4], &h[5], &h[6], &h[7], quality);
    printf("%d", quality);
    for (int i = 0; i < 8; i++) printf(" %s", h[i].format().c_str());
    printf("\n");
  }
}
