#include "engine/io/vcf_header.hpp"

#include <htslib/kseq.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace nbs::hts {

bcf_hdr_t* read_header(htsFile* fp, const tbx_t* index) {
    // BCF, and the rare text file with a .fai given for its contigs (htslib inserts those), go
    // through htslib itself.
    if (hts_get_format(fp)->format != vcf || fp->fn_aux != nullptr) return bcf_hdr_read(fp);
    VcfHeader hdr(bcf_hdr_init("r"));
    if (!hdr) return nullptr;
    // Every '#' line up to and including #CHROM, as bcf_hdr_parse() expects them.
    std::string text;
    kstring_t* line = &fp->line;
    bool sample_line = false;
    int rc;
    while ((rc = hts_getline(fp, KS_SEP_LINE, line)) >= 0) {
        if (line->l == 0) continue;
        if (line->s[0] != '#') return nullptr;  // records before the #CHROM line
        text.append(line->s, line->l);
        text += '\n';
        if (line->l < 2 || line->s[1] != '#') {
            sample_line = true;
            break;
        }
    }
    if (rc < -1 || !sample_line) return nullptr;
    if (bcf_hdr_parse(hdr.get(), text.data()) < 0) return nullptr;
    if (index == nullptr) return hdr.release();
    int n = 0;
    const char** names = tbx_seqnames(const_cast<tbx_t*>(index), &n);
    if (names == nullptr && n > 0) return nullptr;
    bool added = false;
    for (int i = 0; i < n; ++i) {
        if (bcf_hdr_get_hrec(hdr.get(), BCF_HL_CTG, "ID", names[i], nullptr) != nullptr) continue;
        // A contig record holding the name as given (not re-parsed from a header line, which a
        // name with ',' or '>' would not survive).
        auto* rec = static_cast<bcf_hrec_t*>(std::calloc(1, sizeof(bcf_hrec_t)));
        bool ok = rec != nullptr && (rec->key = strdup("contig")) != nullptr &&
                  bcf_hrec_add_key(rec, "ID", 2) == 0 &&
                  bcf_hrec_set_val(rec, rec->nkeys - 1, names[i],
                                   static_cast<int>(std::strlen(names[i])), 0) == 0;
        if (ok) {
            ok = bcf_hdr_add_hrec(hdr.get(), rec) >= 0;  // owns rec from here, even on failure
        } else if (rec != nullptr) {
            bcf_hrec_destroy(rec);
        }
        if (!ok) {
            std::free(names);
            return nullptr;
        }
        added = true;
    }
    std::free(names);
    if (added && bcf_hdr_sync(hdr.get()) < 0) return nullptr;
    return hdr.release();
}

}  // namespace nbs::hts
